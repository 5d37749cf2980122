package dev.portkit.adapters.http;

import io.javalin.http.HttpStatus;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a request's JSON may hold, how every route reads it ({@link #read}), and how to say what was wrong
 * with it in the client's terms: Jackson's own messages name its classes and limits.
 */
public final class JsonInput {

    /** The largest exponent a number may have (either sign): enough for any real value, printable by any parser. */
    public static final int MAX_EXPONENT = 9_999;

    private static final int MAX_DETAIL = 200;

    /**
     * One value and nothing after it, no property twice (two readers could disagree on which counts),
     * floating-point numbers as exact decimals.
     */
    private static final ObjectReader STRICT = JsonMapper.builder()
            .build()
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

    private JsonInput() {}

    /**
     * Reads a request body the one way every route reads JSON: as UTF-8 (RFC 8259), strictly (RFC 3629: no
     * overlong forms such as {@code C0 AF} for "/", no surrogates, nothing past U+10FFFF; Jackson would
     * decode those), one value, no duplicate property, numbers exact. A leading byte order mark is skipped.
     *
     * @param code the error code of the route's 400 answers
     * @return the value; a missing node for an empty body
     * @throws ApiException 400 {@code code}, saying in the client's terms what was wrong
     */
    public static JsonNode read(byte[] body, String code) {
        String text = utf8(body, code);
        try {
            return STRICT.readTree(text);
        } catch (JacksonException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, code, "The body is not valid JSON: " + detail(e));
        } catch (NumberFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, code, "The body holds " + numberOutOfRange());
        }
    }

    private static String utf8(byte[] body, String code) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    code,
                    "The body is not valid UTF-8: byte " + in.position()
                            + " starts no UTF-8 character (send JSON as UTF-8, each character in its shortest form).");
        }
        out.flip();
        if (out.hasRemaining() && out.charAt(0) == '\uFEFF') {
            out.get();
        }
        return out.toString();
    }

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
