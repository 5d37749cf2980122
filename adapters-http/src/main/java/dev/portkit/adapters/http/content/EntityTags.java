package dev.portkit.adapters.http.content;

import dev.portkit.adapters.http.ApiException;
import dev.portkit.application.content.ContentTag;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ETag}, {@code If-None-Match} and {@code If-Match} as RFC 9110 defines them: a tag is an
 * optionally weak ({@code W/}) quoted string; a condition is {@code *} or a comma-separated list of
 * tags. A malformed condition is a 400: guessing what the client meant could lose an update.
 */
final class EntityTags {

    private EntityTags() {}

    /** The {@code ETag} header value: the tag in quotes, strong. */
    static String format(ContentTag tag) {
        return "\"" + tag.value() + "\"";
    }

    /**
     * Whether {@code If-None-Match} matches the current version (weak comparison, as RFC 9110
     * requires for it): then a {@code GET} answers 304. A missing header matches nothing.
     */
    static boolean noneMatchHits(String header, ContentTag current) {
        return parse("If-None-Match", header)
                .map(condition ->
                        condition.any || condition.tags.stream().anyMatch(t -> t.opaque.equals(current.value())))
                .orElse(false);
    }

    /**
     * The tags {@code If-Match} accepts (strong comparison: weak tags accept nothing); empty when
     * the header is missing or {@code *}, which only requires the item to exist.
     */
    static Optional<Set<ContentTag>> ifMatch(String header) {
        return parse("If-Match", header)
                .filter(condition -> !condition.any)
                .map(condition -> condition.tags.stream()
                        .filter(t -> !t.weak)
                        .map(t -> new ContentTag(t.opaque))
                        .collect(Collectors.toUnmodifiableSet()));
    }

    private static Optional<Condition> parse(String name, String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.equals("*")) {
            return Optional.of(new Condition(true, List.of()));
        }
        List<Tag> tags = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < value.length() && (value.charAt(i) == ',' || isWhitespace(value.charAt(i)))) {
                i++;
            }
            if (i == value.length()) {
                break;
            }
            boolean weak = value.startsWith("W/", i);
            if (weak) {
                i += 2;
            }
            if (i == value.length() || value.charAt(i) != '"') {
                throw malformed(name);
            }
            int end = value.indexOf('"', i + 1);
            if (end < 0) {
                throw malformed(name);
            }
            String opaque = value.substring(i + 1, end);
            if (!opaque.chars().allMatch(EntityTags::isTagChar)) {
                throw malformed(name);
            }
            tags.add(new Tag(opaque, weak));
            i = end + 1;
            while (i < value.length() && isWhitespace(value.charAt(i))) {
                i++;
            }
            if (i < value.length() && value.charAt(i) != ',') {
                throw malformed(name);
            }
        }
        if (tags.isEmpty()) {
            throw malformed(name);
        }
        return Optional.of(new Condition(false, tags));
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** RFC 9110 etagc: visible ASCII except the double quote, and obs-text. */
    private static boolean isTagChar(int c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
    }

    private static ApiException malformed(String name) {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "invalid_header",
                name + " must be * or a list of quoted entity tags such as \"abc\", W/\"abc\".");
    }

    private record Condition(boolean any, List<Tag> tags) {}

    private record Tag(String opaque, boolean weak) {}
}
