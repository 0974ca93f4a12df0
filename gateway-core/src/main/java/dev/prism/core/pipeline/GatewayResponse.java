package dev.prism.core.pipeline;

import dev.prism.api.MediaResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An answer for the client: the media and the {@code x-prism-*} headers the policies added
 * (which provider served, how many attempts it took, whether it came from the cache).
 */
public record GatewayResponse(MediaResponse media, Map<String, String> headers) implements AutoCloseable {
    public static final String PROVIDER = "x-prism-provider";
    public static final String ATTEMPTS = "x-prism-attempts";
    public static final String CACHE = "x-prism-cache";

    public GatewayResponse {
        Objects.requireNonNull(media, "media is null");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The same answer with one more header. */
    public GatewayResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new GatewayResponse(media, more);
    }

    public GatewayResponse withMedia(MediaResponse other) {
        return new GatewayResponse(other, headers);
    }

    @Override
    public void close() {
        media.close();
    }
}
