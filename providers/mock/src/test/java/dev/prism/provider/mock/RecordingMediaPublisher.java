package dev.prism.provider.mock;

import dev.prism.spi.MediaPublisher;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Publishes nothing, records what it was given, and answers with predictable links. */
final class RecordingMediaPublisher implements MediaPublisher {
    /** One call to {@link #publish}. */
    record Published(byte[] bytes, String contentType, Duration ttl, URI uri) {}

    private final List<Published> published = new CopyOnWriteArrayList<>();

    @Override
    public URI publish(byte[] bytes, String contentType, Duration ttl) {
        URI uri = URI.create("https://prism.test/v1/media/" + (published.size() + 1));
        published.add(new Published(bytes.clone(), contentType, ttl, uri));
        return uri;
    }

    List<Published> published() {
        return List.copyOf(published);
    }
}
