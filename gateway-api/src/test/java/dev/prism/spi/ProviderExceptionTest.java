package dev.prism.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.ErrorKind;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderExceptionTest {
    @Test
    void aBuiltFailureHasNoUpstreamStatusAndTheKindsStatusUnlessTold() {
        ProviderException e = ProviderException.builder(ErrorKind.UPSTREAM_TIMEOUT, "too slow").build();

        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("too slow");
        assertThat(e.upstreamStatus()).isZero();
        assertThat(e.httpStatus()).isEqualTo(504);
        assertThat(e.param()).isNull();
        assertThat(e.code()).isNull();
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.getCause()).isNull();
    }

    @Test
    void eachBuilderMethodSetsTheDetailItNames() {
        IOException cause = new IOException("reset");

        ProviderException e = ProviderException.builder(ErrorKind.UPSTREAM_REJECTED, "bad size").upstreamStatus(422)
                .httpStatus(422).param("size").code("invalid_value").retryAfter(Duration.ofSeconds(3)).cause(cause)
                .build();

        assertThat(e.upstreamStatus()).isEqualTo(422);
        assertThat(e.httpStatus()).isEqualTo(422);
        assertThat(e.param()).isEqualTo("size");
        assertThat(e.code()).isEqualTo("invalid_value");
        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(3));
        assertThat(e.getCause()).isSameAs(cause);
    }

    @Test
    void aRateLimitKeepsTheUpstreamsStatusParamAndWaitAndGoesToTheClientAs429() {
        ProviderException e = ProviderException.fromStatus("acme", 429, "slow down", "model", null, Duration.ofSeconds(2));

        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.upstreamStatus()).isEqualTo(429);
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.param()).isEqualTo("model");
        assertThat(e.code()).isEqualTo("rate_limit_exceeded");
        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(2));
        assertThat(e.getMessage()).isEqualTo("Provider 'acme' is rate limiting (HTTP 429): slow down");
    }

    @Test
    void aClientMistakeGoesBackWithTheUpstreamsStatusMessageParamAndCode() {
        ProviderException e = ProviderException.fromStatus("acme", 422, "Invalid size", "size", "invalid_value", null);

        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_REJECTED);
        assertThat(e.upstreamStatus()).isEqualTo(422);
        assertThat(e.httpStatus()).isEqualTo(422);
        assertThat(e.getMessage()).isEqualTo("Invalid size");
        assertThat(e.param()).isEqualTo("size");
        assertThat(e.code()).isEqualTo("invalid_value");
    }

    @Test
    void serverErrorsAndTimeoutsOfTheUpstreamBecome502And504ForTheClient() {
        ProviderException failed = ProviderException.fromStatus("acme", 503, null, "ignored", "ignored", null);
        ProviderException timedOut = ProviderException.fromStatus("acme", 408, null, null, null, Duration.ofSeconds(1));

        assertThat(failed.kind()).isEqualTo(ErrorKind.UPSTREAM_FAILED);
        assertThat(failed.httpStatus()).isEqualTo(502);
        assertThat(failed.upstreamStatus()).isEqualTo(503);
        assertThat(failed.param()).isNull();
        assertThat(failed.code()).isNull();
        assertThat(timedOut.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
        assertThat(timedOut.httpStatus()).isEqualTo(504);
        assertThat(timedOut.retryAfter()).hasValue(Duration.ofSeconds(1));
    }

    @Test
    void refusedCredentialsAndModelsCarryTheUpstreamsStatusAndGoToTheClientAs502() {
        ProviderException auth = ProviderException.fromStatus("acme", 401, "Incorrect API key sk-abc", null,
                "invalid_api_key", null);
        ProviderException model = ProviderException.modelRefused("acme", 404, "model_not_found");
        ProviderException reset = ProviderException.failed("reset", new IOException("reset"));

        assertThat(auth.kind()).isEqualTo(ErrorKind.UPSTREAM_AUTH);
        assertThat(auth.httpStatus()).isEqualTo(502);
        assertThat(auth.upstreamStatus()).isEqualTo(401);
        assertThat(auth.getMessage()).isEqualTo("Provider 'acme' refused Prism's credentials (HTTP 401, invalid_api_key)");
        assertThat(model.kind()).isEqualTo(ErrorKind.UPSTREAM_CONFIG);
        assertThat(model.httpStatus()).isEqualTo(502);
        assertThat(model.upstreamStatus()).isEqualTo(404);
        assertThat(reset.upstreamStatus()).isZero();
        assertThat(reset.httpStatus()).isEqualTo(502);
        assertThat(reset.getCause()).isInstanceOf(IOException.class);
    }
}
