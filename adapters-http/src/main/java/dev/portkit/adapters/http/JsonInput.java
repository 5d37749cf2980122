package dev.portkit.adapters.http;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;

/**
 * What a request's JSON may hold, and how to say what was wrong with it in the client's terms:
 * Jackson's own messages name its classes and limits.
 */
public final class JsonInput {

    /** The largest exponent a number may have (either sign): enough for any real value, printable by any parser. */
    public static final int MAX_EXPONENT = 9_999;

    private static final int MAX_DETAIL = 200;

    private JsonInput() {}

    /**
     * Why the body is not acceptable JSON: Jackson's message up to its own location details, then
     * the line and column; a limit of the parser (nesting, number or string length) in plain words.
     * It quotes no more of the input than the offending token.
     */
    public static String detail(JacksonException e) {
        String message = e instanceof StreamConstraintsException
                ? limit(Objects.requireNonNullElse(e.getOriginalMessage(), ""))
                : Objects.requireNonNullElse(e.getOriginalMessage(), "unreadable");
        for (String noise : new String[] {" (start marker at", "\n", " at [Source"}) {
            int at = message.indexOf(noise);
            if (at >= 0) {
                message = message.substring(0, at);
            }
        }
        message = message.strip();
        if (message.contains("`") || message.contains("jackson")) {
            message = "unreadable";
        }
        if (message.length() > MAX_DETAIL) {
            message = message.substring(0, MAX_DETAIL - 3) + "...";
        }
        TokenStreamLocation location = e.getLocation();
        return location != null && location.getLineNr() > 0
                ? message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")."
                : message + ".";
    }

    private static String limit(String message) {
        if (message.contains("nesting depth")) {
            return "it is nested more than 1000 levels deep";
        }
        if (message.contains("Number value length")) {
            return "a number is longer than 1000 characters";
        }
        if (message.contains("String value length")) {
            return "a string is too long";
        }
        if (message.contains("Name length")) {
            return "a property name is too long";
        }
        return "it exceeds a size limit";
    }

    /** The message for a number Jackson could not hold (it throws {@link NumberFormatException} for those). */
    public static String numberOutOfRange() {
        return "a number is out of range: its exponent must be from -" + MAX_EXPONENT + " to " + MAX_EXPONENT + ".";
    }

    /**
     * The first value in {@code node} that the service cannot store and give back unchanged: text
     * (or a property name) that is not valid Unicode, such as a lone surrogate {@code \ud800}, or a
     * number with an exponent beyond {@link #MAX_EXPONENT}. Empty when every value is fine.
     *
     * @param path where {@code node} is, as a JSON pointer such as {@code /data}
     */
    public static Optional<String> unstorable(JsonNode node, String path) {
        if (node.isString()) {
            return validUnicode(node.asString()) ? Optional.empty() : Optional.of(notUnicode(path));
        }
        if (node.isNumber() && node.isFloatingPointNumber()) {
            BigDecimal value = node.decimalValue();
            long exponent = (long) value.precision() - value.scale() - 1;
            return Math.abs(exponent) <= MAX_EXPONENT
                    ? Optional.empty()
                    : Optional.of("The number at " + path + " is out of range: its exponent must be from -"
                            + MAX_EXPONENT + " to " + MAX_EXPONENT + ".");
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> problem = unstorable(node.get(i), path + "/" + i);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                if (!validUnicode(name)) {
                    return Optional.of("A property name in " + path + " is not valid Unicode: it holds a lone"
                            + " surrogate such as \\ud800; pair each high surrogate with a low one.");
                }
                Optional<String> problem = unstorable(field.getValue(), path + "/" + pointerToken(name));
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    /** Whether every surrogate in {@code text} is half of a pair (which is what UTF-8 can encode). */
    public static boolean validUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String notUnicode(String path) {
        return "The text at " + path + " is not valid Unicode: it holds a lone surrogate such as \\ud800;"
                + " pair each high surrogate with a low one.";
    }

    /** A property name as a JSON pointer token: {@code ~} and {@code /} escaped, kept short and printable. */
    private static String pointerToken(String name) {
        String token = name.replace("~", "~0").replace("/", "~1").replaceAll("[^\\x20-\\x7E]", "?");
        return token.length() <= 40 ? token : token.substring(0, 37) + "...";
    }
}
