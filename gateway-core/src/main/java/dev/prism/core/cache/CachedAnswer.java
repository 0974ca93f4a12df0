package dev.prism.core.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A stored answer: the body, its content type, the provider and upstream model that made it, and when
 * it expires. Kept in the cache as bytes, so every JCache back end (heap, disk, Redis) stores it
 * without a serializer of its own.
 */
record CachedAnswer(String contentType, String provider, String upstreamModel, Instant expiresAt, byte[] body) {
    /** Format 2 names the provider and the upstream model that made the answer; 1 held header strings. */
    private static final int FORMAT = 2;

    boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeUTF(contentType);
            out.writeLong(expiresAt.toEpochMilli());
            out.writeUTF(provider);
            out.writeUTF(upstreamModel);
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
            String provider = in.readUTF();
            String upstreamModel = in.readUTF();
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            return new CachedAnswer(contentType, provider, upstreamModel, expires, body);
        } catch (IOException e) {
            return null;
        }
    }
}
