package dev.prism.spi;

import java.net.URI;
import java.time.Duration;

/**
 * Serves bytes from Prism's own address for a limited time, so that an answer may link to them
 * (an image for a {@code response_format: url} request, say).
 *
 * <p>The files live in the publishing gateway's memory: other gateways of a cluster do not serve
 * them, nor does this one after a restart, and the oldest may make room for newer ones before their
 * time. An answer that links to a published file must therefore be marked with
 * {@link dev.prism.api.MediaResponse#linkingPublishedMedia()}, which keeps it out of the cache.
 */
public interface MediaPublisher {
    /**
     * Stores the bytes and returns the absolute URL that serves them until {@code ttl} has passed.
     */
    URI publish(byte[] bytes, String contentType, Duration ttl);
}
