package dev.prism.core.upload;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Receives an upload from the client: hashes it as it arrives (the cache key needs the hash, and
 * there is no second pass over 25 MB), keeps it in memory while it is small and moves it to a
 * temporary file once it is not, and refuses it once it passes the size limit.
 */
public final class UploadSpooler {
    private static final int IN_MEMORY_LIMIT = 1024 * 1024;

    private final Path dir;
    private final long maxBytes;

    /** @param dir where temporary files go */
    public UploadSpooler(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** Where uploads too large for memory are written while a request is served. */
    public Path directory() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Reads {@code in} to its end.
     *
     * @param filename the client's file name, or null/blank to derive one from the bytes
     * @param contentType the part's content type, or null
     * @throws GatewayException 413 when the upload is larger than the limit
     * @throws IOException when the client's stream fails (the client went away); nothing is left behind
     */
    public SpooledUpload spool(InputStream in, String filename, String contentType) throws IOException {
        MessageDigest sha = sha256();
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        Path file = null;
        OutputStream disk = null;
        byte[] head = new byte[16];
        int headLength = 0;
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                size += n;
                if (size > maxBytes) {
                    throw tooLarge();
                }
                sha.update(buffer, 0, n);
                if (headLength < head.length) {
                    int take = Math.min(n, head.length - headLength);
                    System.arraycopy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                if (disk == null && memory.size() + n > IN_MEMORY_LIMIT) {
                    Files.createDirectories(dir);
                    file = Files.createTempFile(dir, "prism-upload-", ".part");
                    disk = Files.newOutputStream(file);
                    memory.writeTo(disk);
                    memory = null;
                }
                if (disk != null) {
                    disk.write(buffer, 0, n);
                } else {
                    memory.write(buffer, 0, n);
                }
            }
            if (disk != null) {
                disk.close();
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(disk);
            if (file != null) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
        ContainerSniffer.Container container = ContainerSniffer.sniff(head, headLength);
        String name = filename == null || filename.isBlank() ? "audio." + container.extension() : filename;
        String type = contentType == null || contentType.isBlank() || contentType.equals("application/octet-stream")
                ? container.contentType() : contentType;
        return new SpooledUpload(name, type, size, HexFormat.of().formatHex(sha.digest()),
                memory == null ? null : memory.toByteArray(), file);
    }

    /** The 413 for an upload over the limit. */
    public GatewayException tooLarge() {
        return new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE, "The uploaded file is too large: the limit is "
                + maxBytes + " bytes.", "file", "file_too_large");
    }

    private static void closeQuietly(OutputStream out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // The file is deleted next.
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
