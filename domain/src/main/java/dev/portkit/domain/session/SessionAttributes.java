package dev.portkit.domain.session;

import java.util.Map;
import java.util.Objects;

/** The rules for session attributes, shared by {@link Session} and every store. */
public final class SessionAttributes {

    /** The longest attribute name. */
    public static final int MAX_NAME_LENGTH = 128;

    private SessionAttributes() {}

    /**
     * An immutable copy of {@code attributes}, checked: names are 1 to {@value #MAX_NAME_LENGTH}
     * characters, values are non-null.
     *
     * @throws NullPointerException if the map, a name or a value is null
     * @throws IllegalArgumentException if a name is empty or too long
     */
    public static Map<String, String> validated(Map<String, String> attributes) {
        Objects.requireNonNull(attributes, "attributes");
        for (Map.Entry<String, String> entry : attributes.entrySet()) {
            String name = Objects.requireNonNull(entry.getKey(), "attribute name");
            Objects.requireNonNull(entry.getValue(), "attribute value");
            if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException(
                        "session attribute names must have 1 to " + MAX_NAME_LENGTH + " characters");
            }
        }
        return Map.copyOf(attributes);
    }
}
