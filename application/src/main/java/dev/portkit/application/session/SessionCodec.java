package dev.portkit.application.session;

import dev.portkit.domain.cache.Codec;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link Session} as cached bytes: a format version, the id, the principal, the four times (epoch
 * milliseconds) and the attributes, strings as length-prefixed UTF-8. No token: the id is its hash.
 */
enum SessionCodec implements Codec<Session> {
    INSTANCE;

    private static final byte VERSION = 1;

    @Override
    public byte[] encode(Session session) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeString(out, session.id().value());
            writeString(out, session.principal().name());
            out.writeLong(session.createdAt().toEpochMilli());
            out.writeLong(session.lastAccessedAt().toEpochMilli());
            out.writeLong(session.expiresAt().toEpochMilli());
            out.writeLong(session.absoluteExpiresAt().toEpochMilli());
            out.writeInt(session.attributes().size());
            for (Map.Entry<String, String> attribute : session.attributes().entrySet()) {
                writeString(out, attribute.getKey());
                writeString(out, attribute.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Session decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != VERSION) {
                throw new IllegalArgumentException("unknown session format");
            }
            SessionId id = new SessionId(readString(in));
            Principal principal = new Principal(readString(in));
            Instant created = Instant.ofEpochMilli(in.readLong());
            Instant accessed = Instant.ofEpochMilli(in.readLong());
            Instant expires = Instant.ofEpochMilli(in.readLong());
            Instant absolute = Instant.ofEpochMilli(in.readLong());
            int count = in.readInt();
            Map<String, String> attributes = new HashMap<>();
            for (int i = 0; i < count; i++) {
                attributes.put(readString(in), readString(in));
            }
            return new Session(id, principal, attributes, created, accessed, expires, absolute);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated session", e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad string length " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
