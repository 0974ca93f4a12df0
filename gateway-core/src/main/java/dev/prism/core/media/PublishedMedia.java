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
import java.util.Objects;
import java.util.Optional;

/**
 * Files Prism serves from its own address for a while (generated images for
 * {@code response_format: url}). Held in this process's memory, so a link works only on the gateway
 * that published it, and only until it restarts. Ids are random, so a link cannot be guessed.
 *
 * <p>Bounded twice: by a number of files and by a byte budget in which every file also counts a
 * fixed overhead, so a flood of one-byte files cannot slip under the budget. When either is
 * reached the oldest files go first; every file goes when its time is up. Files are kept in the
 * order they were published, and expiry walks from the oldest, so neither publishing nor serving a
 * file ever scans the store.
 */
public final class PublishedMedia implements MediaPublisher {
    /** The path prefix the HTTP adapter serves published files under. */
    public static final String PATH = "/v1/prism/media/";
    /** The byte budget of a gateway's store. */
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    /** The most files a gateway's store holds: about 15 000 images of 1024x1024 fill the budget first. */
    public static final int DEFAULT_MAX_FILES = 65_536;
    /**
     * What a file costs besides its bytes: the 32-character id, the map node, the record, the
     * array header and the expiry, rounded up.
     */
    static final int ENTRY_OVERHEAD_BYTES = 256;

    /** A file and when its link stops working. */
    public record Published(byte[] bytes, String contentType, Instant expires) {
        long cost() {
            return (long) bytes.length + ENTRY_OVERHEAD_BYTES;
        }

        boolean expiredAt(Instant now) {
            return !expires.isAfter(now);
        }
    }

    private final Clock clock;
    private volatile String baseUrl;
    private final long maxBytes;
    private final int maxFiles;
    private final SecureRandom random = new SecureRandom();
    /** In publishing order, oldest first. */
    private final Map<String, Published> files = new LinkedHashMap<>();
    private long totalCost;

    public PublishedMedia(Clock clock, String baseUrl) {
        this(clock, baseUrl, DEFAULT_MAX_BYTES, DEFAULT_MAX_FILES);
    }

    /**
     * @param maxBytes the budget for the files' bytes plus {@value #ENTRY_OVERHEAD_BYTES} bytes each
     * @param maxFiles the most files held at once
     */
    public PublishedMedia(Clock clock, String baseUrl, long maxBytes, int maxFiles) {
        if (maxBytes < 1 || maxFiles < 1) {
            throw new IllegalArgumentException("maxBytes and maxFiles must be positive, got " + maxBytes + " and "
                    + maxFiles);
        }
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl is null");
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
    }

    /**
     * Moves the links of files published from now on to another base URL: the server's real
     * address, known only once it listens when the configured port was 0.
     */
    public void rebase(String baseUrl) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl is null");
    }

    @Override
    public URI publish(byte[] bytes, String contentType, Duration ttl) {
        byte[] idBytes = new byte[16];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        Published file = new Published(bytes.clone(), contentType, clock.instant().plus(ttl));
        synchronized (this) {
            expireOldest(clock.instant());
            while (!files.isEmpty() && (files.size() >= maxFiles || totalCost + file.cost() > maxBytes)) {
                removeOldest();
            }
            files.put(id, file);
            totalCost += file.cost();
        }
        return URI.create(baseUrl + PATH + id);
    }

    /** The file behind an id, unless its time is up or it made room for newer ones. */
    public synchronized Optional<Published> find(String id) {
        Instant now = clock.instant();
        expireOldest(now);
        Published file = files.get(id);
        if (file != null && file.expiredAt(now)) {
            // Published with a shorter lifetime than an older file still ahead of it in the queue.
            files.remove(id);
            totalCost -= file.cost();
            return Optional.empty();
        }
        return Optional.ofNullable(file);
    }

    /** How many files are held, expired ones not yet reached included. */
    synchronized int fileCount() {
        return files.size();
    }

    /** Drops expired files from the oldest on, stopping at the first that is still valid. */
    private void expireOldest(Instant now) {
        for (Iterator<Published> it = files.values().iterator(); it.hasNext(); ) {
            Published oldest = it.next();
            if (!oldest.expiredAt(now)) {
                return;
            }
            totalCost -= oldest.cost();
            it.remove();
        }
    }

    private void removeOldest() {
        Iterator<Published> it = files.values().iterator();
        totalCost -= it.next().cost();
        it.remove();
    }
}
