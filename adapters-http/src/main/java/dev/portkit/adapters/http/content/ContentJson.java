package dev.portkit.adapters.http.content;

import dev.portkit.adapters.http.ApiException;
import dev.portkit.adapters.http.JsonInput;
import dev.portkit.application.content.ListContent;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentItem;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The content API's JSON: request bodies in, items and pages out.
 *
 * <p>A request's {@code data} is parsed strictly ({@link JsonInput#read}: UTF-8, one value, no duplicate keys, numbers kept exact),
 * checked for what the store cannot give back unchanged (text that is not valid Unicode, numbers out
 * of range: see {@link JsonInput#unstorable}) and stored as its compact text; responses embed that
 * text as it is, with no second parse.
 */
final class ContentJson {

    /** What a create or update request carries. */
    record Write(ContentData data, OptionalLong version) {}

    private final JsonMapper mapper;

    ContentJson(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Parses {@code {"data": {...}, "version": n}}; {@code version} is optional and other fields are
     * ignored (so a client may send back an item it read).
     *
     * @param contentType the raw header: only its media type counts. JSON is UTF-8 whatever a {@code charset}
     *     parameter says (RFC 8259), so a charset the JVM does not know is not read at all (the servlet's
     *     {@code getContentType()} would throw on it)
     * @throws ApiException 415 for a non-JSON content type, 400 for a body that is not such an object
     */
    Write parseWrite(String contentType, byte[] body) {
        requireJson(contentType);
        JsonNode root = JsonInput.read(body, "malformed_json");
        if (root == null || root.isMissingNode()) {
            throw badRequest("malformed_json", "The body is empty; send a JSON object such as {\"data\":{}}.");
        }
        if (!root.isObject()) {
            throw badRequest("invalid_body", "The body must be a JSON object such as {\"data\":{}}.");
        }
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            throw badRequest("invalid_body", "The body has no \"data\"; send {\"data\":{...}}.");
        }
        if (!data.isObject()) {
            throw badRequest("invalid_body", "\"data\" must be a JSON object, not " + kind(data) + ".");
        }
        JsonInput.unstorable(data, "/data").ifPresent(problem -> {
            throw badRequest("invalid_body", problem);
        });
        return new Write(new ContentData(mapper.writeValueAsString(data)), version(root.get("version")));
    }

    /** The item as JSON: its fields, then its data embedded as stored, with no second parse. */
    byte[] item(ContentItem item) {
        return write(generator -> writeItem(generator, item));
    }

    /** A page of items as JSON: {@code {"items": [...], "next": "<cursor>" | null}}. */
    byte[] page(ListContent.Page page) {
        return write(generator -> {
            generator.writeStartObject();
            generator.writeArrayPropertyStart("items");
            page.items().forEach(item -> writeItem(generator, item));
            generator.writeEndArray();
            if (page.next().isPresent()) {
                generator.writeStringProperty("next", page.next().get());
            } else {
                generator.writeNullProperty("next");
            }
            generator.writeEndObject();
        });
    }

    /** Writes straight to bytes, without a tree of nodes or a String in between. */
    private byte[] write(Consumer<JsonGenerator> writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = mapper.createGenerator(bytes)) {
            writer.accept(generator);
        }
        return bytes.toByteArray();
    }

    private static void writeItem(JsonGenerator generator, ContentItem item) {
        generator.writeStartObject();
        generator.writeStringProperty("type", item.type().name());
        generator.writeStringProperty("id", item.id().value());
        generator.writeNumberProperty("version", item.version());
        generator.writeStringProperty("updatedAt", item.updatedAt().toString());
        generator.writeName("data");
        generator.writeRawValue(item.data().json());
        generator.writeEndObject();
    }

    private static void requireJson(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip();
        if (!mediaType.toLowerCase(Locale.ROOT).equals("application/json")) {
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "Send the body as application/json"
                            + (contentType == null ? " (the Content-Type header is missing)." : "."));
        }
    }

    private static OptionalLong version(JsonNode version) {
        if (version == null || version.isNull()) {
            return OptionalLong.empty();
        }
        if (version.isIntegralNumber() && version.canConvertToLong() && version.asLong() >= 1) {
            return OptionalLong.of(version.asLong());
        }
        throw badRequest("invalid_body", "\"version\" must be a positive integer, the version you last read.");
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message);
    }
}
