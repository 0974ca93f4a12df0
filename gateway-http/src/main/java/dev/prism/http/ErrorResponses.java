package dev.prism.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.limit.LimitReached;
import dev.prism.core.record.CallRecord;
import dev.prism.http.openai.ErrorBody;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;

/** Sends a {@link GatewayException} as OpenAI's error JSON with the headers the official SDKs read. */
final class ErrorResponses {
    private final ObjectMapper mapper;
    private final RecordHeaders recordHeaders;

    ErrorResponses(ObjectMapper mapper, RecordHeaders recordHeaders) {
        this.mapper = mapper;
        this.recordHeaders = recordHeaders;
    }

    /** @param record the call's record, whose facts (who refused, after how many attempts) label the error; or null */
    void send(ServerResponse response, GatewayException e, String requestId, CallRecord record) {
        response.status(e.httpStatus());
        response.header(PrismHeaders.REQUEST_ID, requestId);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        e.retryAfter().ifPresent(delay -> retryAfter(response, delay));
        if (e.kind() == ErrorKind.QUOTA_EXCEEDED || e instanceof LimitReached limit && !limit.worthRetrying()) {
            // Retrying cannot help until the budget resets (or ever, for a request larger than a rate limit's
            // whole window); the SDKs honour this header.
            response.header("x-should-retry", "false");
        }
        if (record != null) {
            recordHeaders.write(response, record, e.httpStatus());
        }
        response.send(ErrorBody.of(mapper, e));
    }

    private static void retryAfter(ServerResponse response, Duration delay) {
        long millis = Math.max(0, delay.toMillis());
        response.header("retry-after", Long.toString(Math.max(1, (millis + 999) / 1000)));
        response.header("retry-after-ms", Long.toString(millis));
    }
}
