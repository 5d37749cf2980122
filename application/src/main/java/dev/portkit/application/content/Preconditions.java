package dev.portkit.application.content;

import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentNotFoundException;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentType;
import dev.portkit.domain.content.VersionConflictException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Conditional writes by {@link ContentTag}. Tags cannot be turned back into versions, so the
 * current item is read from the repository (never the cache), its tag compared, and the write then
 * made conditional on the version that was read: if another write lands in between, the
 * repository refuses it, and since the tag no longer matches that is a failed precondition.
 */
final class Preconditions {

    private Preconditions() {}

    /** The version the write must expect, after checking {@code ifMatch} against the current item. */
    static OptionalLong check(
            ContentRepository repository,
            ContentType type,
            ContentId id,
            Optional<Set<ContentTag>> ifMatch,
            OptionalLong expectedVersion) {
        if (ifMatch.isEmpty()) {
            return expectedVersion;
        }
        Set<ContentTag> tags = ifMatch.get();
        ContentItem current =
                repository.find(type, id).orElseThrow(() -> new ContentNotFoundException(type, id.value()));
        if (!tags.contains(ContentTag.of(current))) {
            throw new PreconditionFailedException(current);
        }
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != current.version()) {
            throw new VersionConflictException(current, expectedVersion.getAsLong());
        }
        return OptionalLong.of(current.version());
    }

    /** Runs the write; with tags, a version conflict means the tag stopped matching meanwhile. */
    static <T> T asTagConflict(Optional<Set<ContentTag>> ifMatch, Supplier<T> write) {
        try {
            return write.get();
        } catch (VersionConflictException e) {
            if (ifMatch.isEmpty()) {
                throw e;
            }
            throw new PreconditionFailedException(e.current());
        }
    }
}
