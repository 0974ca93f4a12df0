package dev.prism.core.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored answer: the body, its content type, the Prism headers of the original answer, and when
 * it expires. Kept in the cache as bytes, so every JCache back end (heap, disk, Redis) stores it
 * without a serializer of its own.
 */
record CachedAnswer(String contentType, Map<String, String> headers, Instant expiresAt, byte[] body) {
    private static final int FORMAT = 1;

    CachedAnswer {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeUTF(contentType);
            out.writeLong(expiresAt.toEpochMilli());
            out.writeInt(headers.size());
            for (Map.Entry<String, String> h : headers.entrySet()) {
                out.writeUTF(h.getKey());
                out.writeUTF(h.getValue());
            }
            out.writeInt(body.length);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The answer, or null when the bytes are of another format (an older Prism wrote them). */
    static CachedAnswer decode(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            if (in.readInt() != FORMAT) {
                return null;
            }
            String contentType = in.readUTF();
            Instant expires = Instant.ofEpochMilli(in.readLong());
            int count = in.readInt();
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                headers.put(in.readUTF(), in.readUTF());
            }
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            return new CachedAnswer(contentType, headers, expires, body);
        } catch (IOException e) {
            return null;
        }
    }
}
