package dev.prism.spi;

import java.net.URI;
import java.time.Duration;

/**
 * Serves bytes from Prism's own address for a limited time, so that an answer may link to them
 * (an image for a {@code response_format: url} request, say).
 */
public interface MediaPublisher {
    /**
     * Stores the bytes and returns the absolute URL that serves them until {@code ttl} has passed.
     */
    URI publish(byte[] bytes, String contentType, Duration ttl);
}
