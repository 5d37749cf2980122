package dev.portkit.application.content;

import dev.portkit.domain.cache.Codec;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binary cache codecs for items and list pages, with the JDK's {@link DataOutputStream} only.
 *
 * <p>Every payload starts with a format byte; a payload of another format (an older deployment
 * still writing to a shared Redis, say) fails to decode, which the cache treats as a miss. Bump
 * {@link #FORMAT} whenever the layout changes. The JSON data is written as modified UTF-8 in
 * chunks, so any Java string round-trips exactly and its size is bounded only by the int count.
 */
final class ContentCodecs {

    static final Codec<ContentItem> ITEM = new Codec<>() {
        @Override
        public byte[] encode(ContentItem item) {
            return write(out -> writeItem(out, item));
        }

        @Override
        public ContentItem decode(byte[] bytes) {
            return decode(bytes, 0, bytes.length);
        }

        @Override
        public ContentItem decode(byte[] bytes, int offset, int length) {
            return read(bytes, offset, length, ContentCodecs::readItem);
        }
    };

    static final Codec<ListContent.Page> PAGE = new Codec<>() {
        @Override
        public byte[] encode(ListContent.Page page) {
            return write(out -> {
                out.writeInt(page.items().size());
                for (ContentItem item : page.items()) {
                    writeItem(out, item);
                }
                out.writeBoolean(page.next().isPresent());
                if (page.next().isPresent()) {
                    out.writeUTF(page.next().get());
                }
            });
        }

        @Override
        public ListContent.Page decode(byte[] bytes) {
            return decode(bytes, 0, bytes.length);
        }

        @Override
        public ListContent.Page decode(byte[] bytes, int offset, int length) {
            return read(bytes, offset, length, in -> {
                int count = in.readInt();
                if (count < 0 || count > ListContent.MAX_LIMIT) {
                    throw new IOException("bad item count " + count);
                }
                List<ContentItem> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(readItem(in));
                }
                Optional<String> next = in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
                return new ListContent.Page(items, next);
            });
        }
    };

    private static final byte FORMAT = 1;
    /** Characters per {@code writeUTF} chunk: at most 3 bytes each stays under its 65,535-byte limit. */
    private static final int CHUNK = 16_384;

    private ContentCodecs() {}

    private static void writeItem(DataOutput out, ContentItem item) throws IOException {
        out.writeUTF(item.type().name());
        out.writeUTF(item.id().value());
        out.writeLong(item.version());
        out.writeLong(item.updatedAt().getEpochSecond());
        out.writeInt(item.updatedAt().getNano());
        String json = item.data().json();
        out.writeInt(json.length());
        for (int start = 0; start < json.length(); start += CHUNK) {
            out.writeUTF(json.substring(start, Math.min(json.length(), start + CHUNK)));
        }
    }

    private static ContentItem readItem(DataInput in) throws IOException {
        ContentType type = new ContentType(in.readUTF());
        ContentId id = new ContentId(in.readUTF());
        long version = in.readLong();
        Instant updatedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("bad data length " + length);
        }
        StringBuilder json = new StringBuilder(Math.min(length, 1 << 20));
        while (json.length() < length) {
            json.append(in.readUTF());
        }
        if (json.length() != length) {
            throw new IOException("data length " + json.length() + " instead of " + length);
        }
        return new ContentItem(type, id, version, updatedAt, new ContentData(json.toString()));
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return bytes.toByteArray();
    }

    /** Decodes a whole payload; anything unexpected, trailing bytes included, is an exception. */
    private static <T> T read(byte[] bytes, int offset, int length, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, length))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown content cache format " + format);
            }
            T value = reader.read(in);
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes after a content cache payload");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable content cache payload", e);
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutput out) throws IOException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(DataInput in) throws IOException;
    }
}
