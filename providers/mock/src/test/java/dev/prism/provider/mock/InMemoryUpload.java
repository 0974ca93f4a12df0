package dev.prism.provider.mock;

import dev.prism.api.Upload;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** An upload held in memory. */
record InMemoryUpload(String filename, String contentType, byte[] bytes) implements Upload {
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
}
