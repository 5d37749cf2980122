package dev.portkit.application.content;

import dev.portkit.domain.content.ContentItem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A strong validator of one version of one item: equal tags mean the same type, id and version,
 * and so the same data. The HTTP adapter sends it as the {@code ETag} (in quotes) and accepts it in
 * {@code If-None-Match} and {@code If-Match}.
 *
 * <p>It is the URL-safe Base64 of the first 128 bits of SHA-256 over {@code type/id/version}: it
 * reveals nothing and changes with every version.
 *
 * @param value 22 URL-safe Base64 characters for a tag this class made; other values (from a
 *     client) simply match nothing
 */
public record ContentTag(String value) {

    public ContentTag {
        Objects.requireNonNull(value, "value");
    }

    /** The tag of the item's current version. */
    public static ContentTag of(ContentItem item) {
        String source = item.type().name() + "/" + item.id().value() + "/" + item.version();
        byte[] digest = sha256(source.getBytes(StandardCharsets.UTF_8));
        return new ContentTag(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
