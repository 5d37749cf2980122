package dev.portkit.application.content;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentNotFoundException;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentType;
import dev.portkit.domain.content.VersionConflictException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Use case: replace an item's data, optionally only if the client's copy is current. */
public final class UpdateContent {

    private final ContentTypes types;
    private final ContentRepository repository;
    private final ContentCaching caching;

    public UpdateContent(ContentTypes types, ContentRepository repository, Cache cache) {
        this.types = Objects.requireNonNull(types, "types");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.caching = new ContentCaching(cache, types);
    }

    /**
     * @param type the content type's name
     * @param id the item's id
     * @param data the new JSON object
     * @param expectedVersion when present, update only this version ({@link VersionConflictException})
     * @param ifMatch when present, update only if the current version has one of these tags ({@link
     *     PreconditionFailedException}; an empty set matches nothing); empty for no such condition
     */
    public record Command(
            String type, String id, ContentData data, OptionalLong expectedVersion, Optional<Set<ContentTag>> ifMatch) {

        public Command {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(expectedVersion, "expectedVersion");
            Objects.requireNonNull(ifMatch, "ifMatch");
            ifMatch = ifMatch.map(Set::copyOf);
        }
    }

    /**
     * Writes the repository, then evicts the item and the type's list pages, so that a read after
     * this returns the new version (see {@link ContentCaching#write}).
     *
     * @return the item at its new version
     * @throws UnknownContentTypeException if the type is not configured
     * @throws ContentNotFoundException if there is no such item
     * @throws PreconditionFailedException if {@code ifMatch} names no current version
     * @throws VersionConflictException if {@code expectedVersion} is not current
     */
    public ContentItem update(Command command) {
        ContentType type = types.require(command.type());
        ContentId id =
                ContentId.parse(command.id()).orElseThrow(() -> new ContentNotFoundException(type, command.id()));
        return caching.write(type, id, () -> {
            OptionalLong expected =
                    Preconditions.check(repository, type, id, command.ifMatch(), command.expectedVersion());
            return Preconditions.asTagConflict(
                    command.ifMatch(), () -> repository.update(type, id, command.data(), expected));
        });
    }
}
