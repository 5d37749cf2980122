package dev.portkit.domain.content;

import java.util.Objects;

/**
 * The free-form body of a content item: the text of one JSON object, such as {@code
 * {"title":"Opening night","seats":120}}.
 *
 * <p>The domain depends on nothing but the JDK, so it holds JSON as text and does not interpret it.
 * The driving adapter that accepts JSON parses and validates it and passes its compact form here;
 * this type only checks the outer braces. Two values are equal when their texts are equal.
 *
 * @param json the JSON object's text, starting with <code>{</code> and ending with <code>}</code>
 */
public record ContentData(String json) {

    public ContentData {
        Objects.requireNonNull(json, "json");
        if (json.length() < 2 || json.charAt(0) != '{' || json.charAt(json.length() - 1) != '}') {
            throw new IllegalArgumentException("content data must be the text of a JSON object");
        }
    }

    /** The empty object <code>{}</code>. */
    public static ContentData empty() {
        return new ContentData("{}");
    }

    @Override
    public String toString() {
        return json.length() <= 100 ? json : json.substring(0, 97) + "...";
    }
}
