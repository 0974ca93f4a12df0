package dev.prism.core.media;

import dev.prism.spi.MediaPublisher;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Files Prism serves from its own address for a while (generated images for
 * {@code response_format: url}). Held in memory up to a byte budget; the oldest go first when it is
 * full, and every file goes when its time is up. Ids are random, so a link cannot be guessed.
 */
public final class PublishedMedia implements MediaPublisher {
    /** The path prefix the HTTP adapter serves published files under. */
    public static final String PATH = "/v1/prism/media/";

    public record Published(byte[] bytes, String contentType, Instant expires) {}

    private final Clock clock;
    private volatile String baseUrl;
    private final long maxBytes;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Published> files = new LinkedHashMap<>();
    private long totalBytes;

    public PublishedMedia(Clock clock, String baseUrl, long maxBytes) {
        this.clock = clock;
        this.baseUrl = baseUrl;
        this.maxBytes = maxBytes;
    }

    /**
     * Moves the links of files published from now on to another base URL: the server's real
     * address, known only once it listens when the configured port was 0.
     */
    public void rebase(String baseUrl) {
        this.baseUrl = java.util.Objects.requireNonNull(baseUrl, "baseUrl is null");
    }

    @Override
    public synchronized URI publish(byte[] bytes, String contentType, Duration ttl) {
        byte[] idBytes = new byte[16];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        expire();
        while (totalBytes + bytes.length > maxBytes && !files.isEmpty()) {
            removeOldest();
        }
        files.put(id, new Published(bytes.clone(), contentType, clock.instant().plus(ttl)));
        totalBytes += bytes.length;
        return URI.create(baseUrl + PATH + id);
    }

    public synchronized Optional<Published> find(String id) {
        expire();
        return Optional.ofNullable(files.get(id));
    }

    private void expire() {
        Instant now = clock.instant();
        for (Iterator<Published> it = files.values().iterator(); it.hasNext(); ) {
            Published p = it.next();
            if (!p.expires().isAfter(now)) {
                totalBytes -= p.bytes().length;
                it.remove();
            }
        }
    }

    private void removeOldest() {
        Iterator<Published> it = files.values().iterator();
        totalBytes -= it.next().bytes().length;
        it.remove();
    }
}
