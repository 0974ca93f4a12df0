package dev.prism.testkit;

import dev.prism.api.Upload;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** An {@link Upload} held in memory, for tests. */
public record InMemoryUpload(String filename, String contentType, byte[] bytes) implements Upload {
    public InMemoryUpload {
        bytes = bytes.clone();
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public InputStream open() {
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
