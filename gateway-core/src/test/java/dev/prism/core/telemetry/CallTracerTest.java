package dev.prism.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.ErrorKind;
import dev.prism.core.record.Attempt;
import dev.prism.core.record.CallRecord;
import dev.prism.core.record.CallTrace;
import dev.prism.core.record.CompletedCall;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The call's trace as the dispatch and the transport drive it, on an SDK with an in-memory exporter. */
class CallTracerTest {
    private static final SpanContext CLIENT = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private OpenTelemetrySdk sdk;

    @AfterEach
    void close() {
        if (sdk != null) {
            sdk.close();
        }
    }

    private CallTracer tracer(Sampler sampler, boolean sampling) {
        sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().setSampler(sampler)
                .addSpanProcessor(SimpleSpanProcessor.create(exported)).build()).build();
        return new CallTracer(sdk, Optional.empty(), sampling);
    }

    private static CallRecord record() {
        return CallRecord.detached("req_1", Clock.systemUTC());
    }

    @Test
    void aCallIsNotTracedWhenNothingReceivesSpansAndTheClientSentNoContext() {
        CallTracer tracer = tracer(Sampler.alwaysOff(), false);
        CallRecord record = record();

        Span span = tracer.serverSpan(record, Context.root(), "POST", "/v1/audio/speech");

        assertThat(span.getSpanContext().isValid()).isFalse();
        assertThat(record.trace()).isSameAs(CallTrace.NONE);
        assertThat(record.trace().attemptStarting("openai", "tts-1", 0)).isSameAs(CallTrace.AttemptScope.NONE);
        assertThat(Span.current().getSpanContext().isValid()).isFalse();
    }

    @Test
    void aClientsContextPassesOnToTheAttemptEvenWhenNothingIsSampled() {
        CallTracer tracer = tracer(Sampler.alwaysOff(), false);
        CallRecord record = record();

        Span server = tracer.serverSpan(record, Context.root().with(Span.wrap(CLIENT)), "POST", "/v1/audio/speech");

        assertThat(server.isRecording()).isFalse();
        try (CallTrace.AttemptScope attempt = record.trace().attemptStarting("openai", "tts-1", 0)) {
            SpanContext current = Span.current().getSpanContext();
            assertThat(current.isValid()).isTrue();
            assertThat(current.getTraceId()).isEqualTo(CLIENT.getTraceId());
            assertThat(current.getSpanId()).isNotEqualTo(CLIENT.getSpanId());
        }
        assertThat(Span.current().getSpanContext().isValid()).as("restored after the attempt").isFalse();
        record.complete(200, null);
        assertThat(exported.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void anAttemptCutShortEndsItsSpanAsCancelled() {
        CallTracer tracer = tracer(Sampler.alwaysOn(), true);
        CallRecord record = record();
        tracer.serverSpan(record, Context.root(), "POST", "/v1/audio/speech");

        record.trace().attemptStarting("openai", "tts-1", 1).close();

        SpanData attempt = exported.getFinishedSpanItems().getFirst();
        assertThat(attempt.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("cancelled");
        assertThat(attempt.getAttributes().get(AttributeKey.longKey("http.request.resend_count"))).isEqualTo(1L);
        assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(Span.current().getSpanContext().isValid()).isFalse();
    }

    @Test
    void anAttemptEndsOnceWhenItIsRecordedBeforeItsScopeCloses() {
        CallTracer tracer = tracer(Sampler.alwaysOn(), true);
        CallRecord record = record();
        tracer.serverSpan(record, Context.root(), "POST", "/v1/audio/speech");

        try (CallTrace.AttemptScope attempt = record.trace().attemptStarting("openai", "tts-1", 0)) {
            CallTracer.sending("POST", "api.example.com", 443);
            record.attempted(Attempt.failed("openai", "tts-1", Instant.now(), Duration.ofMillis(3), 503,
                    ErrorKind.UPSTREAM_FAILED));
        }

        assertThat(exported.getFinishedSpanItems()).singleElement().satisfies(span -> {
            assertThat(span.getName()).isEqualTo("POST openai");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("api.example.com");
            assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(503L);
            assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("upstream_failed");
        });
    }

    @Test
    void anAnswerBrokenOffAfterItStartedIsAnErrorAndAClientLeavingIsNot() {
        CallTracer tracer = tracer(Sampler.alwaysOn(), true);
        CallRecord broken = record();
        tracer.serverSpan(broken, Context.root(), "POST", "/v1/audio/speech");
        CallRecord left = record();
        tracer.serverSpan(left, Context.root(), "POST", "/v1/audio/speech");

        broken.complete(200, ErrorKind.UPSTREAM_FAILED);
        left.complete(CompletedCall.CLIENT_CLOSED, null);

        SpanData brokenSpan = exported.getFinishedSpanItems().get(0);
        assertThat(brokenSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(brokenSpan.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        SpanData leftSpan = exported.getFinishedSpanItems().get(1);
        assertThat(leftSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(leftSpan.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isNull();
    }
}
