package dev.prism.core.record;

import dev.prism.api.ErrorKind;
import dev.prism.api.MediaResponse;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.pipeline.MediaCall;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * For tests of a single policy: what a call's record says, in the words of the headers a client
 * reads, and an upstream stand-in that records its attempts as the dispatch does.
 */
public final class RecordView {
    public static final String PROVIDER = "x-prism-provider";
    public static final String ATTEMPTS = "x-prism-attempts";
    public static final String CACHE = "x-prism-cache";

    private RecordView() {}

    /** Provider, attempts and cache status of the response's record, as the headers name them. */
    public static Map<String, String> headers(GatewayResponse response) {
        CallRecord record = response.record();
        Map<String, String> headers = new LinkedHashMap<>();
        record.provider().ifPresent(p -> headers.put(PROVIDER, p));
        if (record.cache() == CacheStatus.HIT) {
            headers.put(ATTEMPTS, "0");
        } else if (record.attemptCount() > 0) {
            headers.put(ATTEMPTS, Integer.toString(record.attemptCount()));
        }
        if (record.cache() != CacheStatus.NOT_CACHED) {
            headers.put(CACHE, record.cache().name());
        }
        return headers;
    }

    /** The answer of {@code provider} after {@code attempts} attempts, the last one answering, written to the call's record. */
    public static GatewayResponse answered(MediaCall call, String provider, int attempts, MediaResponse media) {
        for (int i = 1; i < attempts; i++) {
            call.record().attempted(Attempt.failed(provider, call.request().model(), Instant.EPOCH, Duration.ZERO, 503,
                    ErrorKind.UPSTREAM_FAILED));
        }
        call.record().attempted(Attempt.answered(provider, call.request().model(), Instant.EPOCH, Duration.ZERO));
        return new GatewayResponse(media, call.record());
    }
}
