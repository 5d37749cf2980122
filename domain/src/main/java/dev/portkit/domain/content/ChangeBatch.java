package dev.portkit.domain.content;

import java.util.List;
import java.util.Objects;

/**
 * Changes read from the {@link ContentChanges} feed, and where to go on reading.
 *
 * @param changes in feed order
 * @param end the position to read after next time: the last change's, or beyond it when the read reached
 *     the end of what was visible
 * @param missed {@code true} when changes after the position read from were purged before being read: the
 *     reader cannot know what they were and must treat everything as changed
 * @param more {@code true} when the batch stopped at the read's limit: more changes may be ready now
 */
public record ChangeBatch(List<ContentChange> changes, long end, boolean missed, boolean more) {

    public ChangeBatch {
        changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
    }

    /** Nothing after {@code position}. */
    public static ChangeBatch none(long position) {
        return new ChangeBatch(List.of(), position, false, false);
    }

    /** Whether a reader has anything to act on: changes, or a gap. */
    public boolean isEmpty() {
        return changes.isEmpty() && !missed;
    }
}
