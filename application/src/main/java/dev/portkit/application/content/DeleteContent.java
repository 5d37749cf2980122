package dev.portkit.application.content;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentNotFoundException;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentType;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Use case: delete an item, optionally only if the client's copy is current. */
public final class DeleteContent {

    private final ContentTypes types;
    private final ContentRepository repository;
    private final ContentCaching caching;

    public DeleteContent(ContentTypes types, ContentRepository repository, Cache cache) {
        this.types = Objects.requireNonNull(types, "types");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.caching = new ContentCaching(cache, types);
    }

    /**
     * @param type the content type's name
     * @param id the item's id
     * @param ifMatch when present, delete only if the current version has one of these tags ({@link
     *     PreconditionFailedException}; an empty set matches nothing); empty for no such condition
     */
    public record Command(String type, String id, Optional<Set<ContentTag>> ifMatch) {

        public Command {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(ifMatch, "ifMatch");
            ifMatch = ifMatch.map(Set::copyOf);
        }
    }

    /**
     * Deletes from the repository, then evicts the item and the type's list pages (see {@link
     * ContentCaching#write}).
     *
     * @throws UnknownContentTypeException if the type is not configured
     * @throws ContentNotFoundException if there is no such item
     * @throws PreconditionFailedException if {@code ifMatch} names no current version
     */
    public void delete(Command command) {
        ContentType type = types.require(command.type());
        ContentId id =
                ContentId.parse(command.id()).orElseThrow(() -> new ContentNotFoundException(type, command.id()));
        caching.write(type, id, () -> {
            OptionalLong expected = Preconditions.check(repository, type, id, command.ifMatch(), OptionalLong.empty());
            return Preconditions.asTagConflict(command.ifMatch(), () -> {
                repository.delete(type, id, expected);
                return id;
            });
        });
    }
}
