package dev.prism.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * @param maxUploadBytes the largest upload accepted; larger ones get 413
 * @param publicUrl the base URL clients reach Prism at, for links Prism hands out (served images);
 *     empty means {@code http://host:port}
 * @param spoolDir where uploads larger than memory allows are spooled; empty means {@code prism-uploads-<user>}
 *     under {@code $TMPDIR}, else under {@code java.io.tmpdir}
 * @param maxFormFieldsBytes the most the text fields of one multipart form may hold together; more gets 413
 * @param maxInFlight how many API requests are served at once; more get 503 at once
 * @param shutdownGrace how long requests in flight may take to finish once a stop is asked for
 * @param maxImageEditBytes the most the files of one image edit (its images and mask) may hold
 *     together; more gets 413. Edits have their own bound, not {@code maxUploadBytes}: OpenAI takes up
 *     to 16 images of 50 MB and a mask of 4 MB
 */
public record ServerSettings(
        String host, int port, long maxUploadBytes, Optional<String> publicUrl, Optional<String> spoolDir,
        long maxFormFieldsBytes, int maxInFlight, Duration shutdownGrace, long maxImageEditBytes) {
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** 16 images of 50 MiB and a mask of 4 MiB: OpenAI's documented maximum edit. */
    public static final int DEFAULT_MAX_IMAGE_EDIT_MB = 16 * 50 + 4;

    /** The same settings on another port (the command line's {@code --port}). */
    public ServerSettings withPort(int newPort) {
        return new ServerSettings(host, newPort, maxUploadBytes, publicUrl, spoolDir, maxFormFieldsBytes, maxInFlight,
                shutdownGrace, maxImageEditBytes);
    }
}
