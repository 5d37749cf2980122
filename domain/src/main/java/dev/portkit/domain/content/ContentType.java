package dev.portkit.domain.content;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The kind of a content item, such as {@code event} or {@code article}. Which types exist is
 * configuration; this value only guarantees a well-formed name.
 *
 * @param name lower-case letters, digits and {@code -}, starting with a letter, at most 40
 *     characters; it appears in URLs and cache namespaces
 */
public record ContentType(String name) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    public ContentType {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "content type must be lower-case letters, digits and '-', start with a letter and have at most"
                            + " 40 characters, was \"" + name + "\"");
        }
    }

    /** Whether {@code name} is a well-formed content type name. */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    @Override
    public String toString() {
        return name;
    }
}
