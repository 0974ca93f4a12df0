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
import java.util.function.Supplier;

/**
 * Receives an upload from the client: hashes it as it arrives (the cache key needs the hash, and
 * there is no second pass over 25 MB), keeps it in memory while it is small and moves it to a
 * temporary file once it is not, and refuses it once it passes the size limit.
 */
public final class UploadSpooler {
    private static final System.Logger LOG = System.getLogger(UploadSpooler.class.getName());
    private static final int IN_MEMORY_LIMIT = 1024 * 1024;

    private final SpoolFiles files;
    private final long maxBytes;

    /** @param dir where uploads larger than memory allows go */
    public UploadSpooler(SpoolDirectory dir, long maxBytes) {
        this((SpoolFiles) dir, maxBytes);
    }

    UploadSpooler(SpoolFiles files, long maxBytes) {
        this.files = files;
        this.maxBytes = maxBytes;
    }

    /** Where uploads too large for memory are written while a request is served, for the banner. */
    public String directory() {
        return files.describe();
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
     * @throws SpoolFailure when the upload cannot be written to the spool directory (disk full,
     *     directory gone): the server's failure, logged at ERROR; nothing is left behind
     * @throws IOException when the client's stream fails (the client went away); nothing is left behind
     */
    public SpooledUpload spool(InputStream in, String filename, String contentType) throws IOException {
        return spool(in, filename, contentType, maxBytes, this::tooLarge);
    }

    /**
     * Reads {@code in} to its end under a limit of the caller's (an image of an edit, its mask),
     * instead of this spooler's; otherwise as {@link #spool(InputStream, String, String)}.
     *
     * @param limit the most bytes accepted
     * @param overLimit the refusal once the upload passes {@code limit} (a 413 naming the part)
     */
    public SpooledUpload spool(InputStream in, String filename, String contentType, long limit,
            Supplier<GatewayException> overLimit) throws IOException {
        MessageDigest sha = sha256();
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        DiskCopy disk = null;
        byte[] head = new byte[16];
        int headLength = 0;
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                size += n;
                if (size > limit) {
                    throw overLimit.get();
                }
                sha.update(buffer, 0, n);
                if (headLength < head.length) {
                    int take = Math.min(n, head.length - headLength);
                    System.arraycopy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                if (disk == null && memory.size() + n > IN_MEMORY_LIMIT) {
                    disk = new DiskCopy();
                    disk.write(memory.toByteArray(), memory.size());
                    memory = null;
                }
                if (disk != null) {
                    disk.write(buffer, n);
                } else {
                    memory.write(buffer, 0, n);
                }
            }
            if (disk != null) {
                disk.finish();
            }
        } catch (IOException | RuntimeException e) {
            if (disk != null) {
                disk.discard(e);
            }
            throw e;
        }
        ContainerSniffer.Container container = ContainerSniffer.sniff(head, headLength);
        String name = filename == null || filename.isBlank() ? container.filename() : filename;
        String type = contentType == null || contentType.isBlank() || contentType.equals("application/octet-stream")
                ? container.contentType() : contentType;
        return new SpooledUpload(name, type, size, HexFormat.of().formatHex(sha.digest()),
                memory == null ? null : memory.toByteArray(), disk == null ? null : disk.file, files);
    }

    /**
     * The upload's file once it outgrew memory. What fails here is the server's own disk, never the
     * client: every {@code IOException} becomes a {@link SpoolFailure}, so that a full disk is not
     * mistaken for a client that went away.
     */
    private final class DiskCopy {
        private final Path file;
        private final OutputStream out;

        DiskCopy() {
            try {
                file = files.create();
            } catch (IOException e) {
                throw failure(e);
            }
            try {
                out = files.write(file);
            } catch (IOException e) {
                SpoolFailure failure = failure(e);
                deleteQuietly(file, failure);
                throw failure;
            }
        }

        void write(byte[] bytes, int length) {
            try {
                out.write(bytes, 0, length);
            } catch (IOException e) {
                throw failure(e);
            }
        }

        void finish() {
            try {
                out.close();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        /** Removes the partly written file after {@code cause}. */
        void discard(Exception cause) {
            try {
                out.close();
            } catch (IOException ignored) {
                // The file is deleted next.
            }
            deleteQuietly(file, cause);
        }
    }

    private SpoolFailure failure(IOException e) {
        LOG.log(System.Logger.Level.ERROR, "Could not spool an upload in {0}: {1}", files.describe(), e.toString());
        return new SpoolFailure(e);
    }

    /** The 413 for an upload over the limit. */
    public GatewayException tooLarge() {
        return new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE, "The uploaded file is too large: the limit is "
                + maxBytes + " bytes.", "file", "file_too_large");
    }

    private static void deleteQuietly(Path file, Exception failure) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                failure.addSuppressed(e);
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
