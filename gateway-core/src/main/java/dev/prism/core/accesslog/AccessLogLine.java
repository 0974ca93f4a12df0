package dev.prism.core.accesslog;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.prism.api.UsageUnit;
import dev.prism.core.cost.CallCost;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.record.Attempt;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CompletedCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A completed call as one line of JSON, through Jackson's streaming generator (its escaping, no
 * tree). Only facts about the call: names, numbers, the status; never a key, a body, a prompt or an
 * input text. A field whose value is unknown (no key recognised, no attempt answered, no price) is
 * left out. Thread-safe.
 */
final class AccessLogLine {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final Optional<CallPricing> pricing;

    /** @param pricing prices calls; empty when pricing is off (no {@code cost_usd} then) */
    AccessLogLine(Optional<CallPricing> pricing) {
        this.pricing = pricing;
    }

    /** The line, in UTF-8, ending with a newline. */
    byte[] of(CompletedCall call) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            write(json, call);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private void write(JsonGenerator json, CompletedCall call) throws IOException {
        Optional<CallCost> cost = cost(call);
        json.writeStartObject();
        json.writeStringField("time", call.completed().toString());
        json.writeStringField("call_id", call.callId());
        json.writeStringField("request_id", call.requestId());
        optional(json, "key", call.keyName());
        optional(json, "endpoint", call.endpoint().map(e -> e.configName()));
        optional(json, "model", call.alias());
        optional(json, "provider", call.provider());
        optional(json, "upstream_model", call.upstreamModel().filter(m -> !m.isEmpty()));
        json.writeNumberField("status", call.status());
        optional(json, "error", call.error().map(kind -> kind.name().toLowerCase(Locale.ROOT)));
        json.writeNumberField("duration_ms", millis(call.duration()));
        Optional<Duration> firstByte = call.attempts().stream().filter(Attempt::succeeded).reduce((a, b) -> b)
                .flatMap(Attempt::timeToFirstByte);
        if (firstByte.isPresent()) {
            json.writeNumberField("ttfb_ms", millis(firstByte.get()));
        }
        json.writeNumberField("attempts", call.attempts().size());
        json.writeStringField("cache", call.cache().name().toLowerCase(Locale.ROOT));
        json.writeObjectFieldStart("units");
        for (Map.Entry<UsageUnit, BigDecimal> amount : call.usage().amounts().entrySet()) {
            json.writeNumberField(amount.getKey().wireName(), amount.getValue());
        }
        json.writeEndObject();
        json.writeBooleanField("estimated", call.usage().estimated() || cost.filter(CallCost::estimated).isPresent());
        Optional<BigDecimal> usd = cost.flatMap(CallCost::usd);
        if (usd.isPresent()) {
            json.writeStringField("cost_usd", CallCost.format(usd.get()));
        }
        json.writeNumberField("bytes_in", call.bytesIn());
        json.writeNumberField("bytes_out", call.bytesOut());
        json.writeEndObject();
    }

    /** As the {@code x-prism-cost} header: a request refused before it was measured has no cost. */
    private Optional<CallCost> cost(CompletedCall call) {
        boolean measured = !call.usage().isEmpty() || !call.attempts().isEmpty() || call.cache() == CacheStatus.HIT;
        return measured ? pricing.map(p -> p.price(call)) : Optional.empty();
    }

    private static void optional(JsonGenerator json, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            json.writeStringField(field, value.get());
        }
    }

    /** Milliseconds to the microsecond: a cache hit takes less than one. */
    private static double millis(Duration duration) {
        return duration.toNanos() / 1_000 / 1_000.0;
    }
}
