package dev.prism.core.failover;

import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.MediaResponse;
import dev.prism.core.config.ProviderSettings;
import dev.prism.core.config.RetrySettings;
import dev.prism.core.config.RoutingSettings;
import dev.prism.core.pipeline.CallCancelled;
import dev.prism.core.pipeline.CallPolicy;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.pipeline.MediaCall;
import dev.prism.core.pipeline.TargetInvoker;
import dev.prism.core.record.Attempt;
import dev.prism.core.record.CallTrace;
import dev.prism.core.routing.ProviderTarget;
import dev.prism.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;

/**
 * The end of the policy chain: sends the call to the alias's targets in the order of its strategy,
 * retrying each (Failsafe retry policy: backoff, {@code retry-after}) behind its circuit breaker,
 * all within the request's deadline. A failure of the target ({@link ErrorKind#triesNextTarget()})
 * falls back to the next target, after retries on the same target only where the kind is {@link
 * ErrorKind#retryable()}; a refusal of Prism's credentials or model is not retried there. Any other
 * failure (the client's mistake) goes straight back. A {@link CallCancelled}
 * (the thread was interrupted: nobody waits for the answer any more) goes straight back too.
 */
public final class FailoverDispatch implements CallPolicy.Next {
    private final TargetInvoker invoker;
    private final TargetHealthRegistry health;
    private final Map<String, ProviderSettings> providers;
    private final RoutingSettings routing;
    private final Clock clock;
    private final TargetOrder order;
    private final TargetAdmission admission;

    public FailoverDispatch(TargetInvoker invoker, TargetHealthRegistry health, Map<String, ProviderSettings> providers,
            RoutingSettings routing, Clock clock, RandomGenerator random) {
        this(invoker, health, providers, routing, clock, random, TargetAdmission.NONE);
    }

    /** @param admission asked before each target: its provider's rate limits */
    public FailoverDispatch(TargetInvoker invoker, TargetHealthRegistry health, Map<String, ProviderSettings> providers,
            RoutingSettings routing, Clock clock, RandomGenerator random, TargetAdmission admission) {
        this.admission = admission;
        this.invoker = invoker;
        this.health = health;
        this.providers = providers;
        this.routing = routing;
        this.clock = clock;
        this.order = new TargetOrder(health, random);
    }

    @Override
    public GatewayResponse proceed(MediaCall call) {
        Instant deadline = clock.instant().plus(call.route().deadline().orElse(routing.deadline()));
        List<Outcome> outcomes = new ArrayList<>();
        GatewayException firstRefusal = null;
        List<String> refusals = new ArrayList<>(0);
        boolean timeRanOut = false;
        for (ProviderTarget target : order.order(call.route())) {
            if (!invoker.supports(target, call.request())) {
                continue;
            }
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                timeRanOut = true;
                break;
            }
            TargetAdmission.Pass pass;
            try {
                pass = admission.enter(call, target);
            } catch (GatewayException e) {
                if (e.kind() != ErrorKind.RATE_LIMITED) {
                    throw e;
                }
                // The provider's own cap in Prism: the next target may take the call.
                call.record().trace().targetSkipped(target.provider(), target.model(), "rate_limited");
                outcomes.add(new Outcome(target.id() + ": " + e.getMessage(), ErrorKind.RATE_LIMITED,
                        e.retryAfter().orElse(null)));
                continue;
            }
            TargetRun run = new TargetRun(call, target, deadline, pass);
            boolean served = false;
            try {
                GatewayResponse response = new GatewayResponse(run.serve(remaining), call.record());
                served = true;
                return response;
            } catch (CircuitBreakerOpenException e) {
                call.record().trace().targetSkipped(target.provider(), target.model(), "circuit_open");
                outcomes.add(new Outcome(target.id() + ": circuit open" + afterAttempts(run.attempts),
                        ErrorKind.UNAVAILABLE, null));
            } catch (FailsafeException e) {
                if (e.getCause() instanceof InterruptedException interrupted) {
                    // Interrupted during a backoff: whoever waited for the call gave up.
                    Thread.currentThread().interrupt();
                    throw new CallCancelled("Cancelled while waiting to retry " + target.id(), interrupted);
                }
                throw e;
            } catch (GatewayException e) {
                if (e.kind() == ErrorKind.INVALID_REQUEST && !(e instanceof ProviderException)) {
                    // The provider refused before calling its upstream: it has no equivalent of what was asked
                    // (ElevenLabs and aac, say). Another target may serve it; if none does, this refusal is the answer.
                    if (firstRefusal == null) {
                        firstRefusal = e;
                    }
                    call.record().trace().targetSkipped(target.provider(), target.model(), "cannot_serve");
                    refusals.add(target.id() + ": cannot serve this request (" + e.getMessage() + ")");
                    continue;
                }
                if (!e.kind().triesNextTarget()) {
                    // The client's mistake: the upstream's refusal goes back as it came, and the record says who refused.
                    if (e.kind() == ErrorKind.UPSTREAM_REJECTED) {
                        call.record().refusedBy(target.provider(), target.model());
                    }
                    throw e;
                }
                outcomes.add(new Outcome(target.id() + ": " + describe(e) + afterAttempts(run.attempts), e.kind(),
                        e.retryAfter().orElse(null)));
                if (run.ranOutOfDeadline(e)) {
                    timeRanOut = true;
                    break;
                }
            } finally {
                if (!served) {
                    pass.failed();
                }
            }
        }
        if (firstRefusal != null && outcomes.isEmpty() && !timeRanOut) {
            throw firstRefusal;
        }
        refusals.forEach(refusal -> outcomes.add(new Outcome(refusal, ErrorKind.INVALID_REQUEST, null)));
        throw allFailed(call, outcomes, timeRanOut, call.record().attemptCount());
    }

    /**
     * The attempts on one target, retried by its policy behind its breaker. Failsafe runs each
     * attempt as a lambda; what the attempts learn (how many, whether the deadline cut one short)
     * lives here rather than in out-parameters.
     */
    private final class TargetRun {
        private final MediaCall call;
        private final ProviderTarget target;
        private final Instant deadline;
        private final TargetHealth targetHealth;
        private final ProviderSettings settings;
        private final TargetAdmission.Pass pass;
        private int attempts;
        private boolean cutByDeadline;

        TargetRun(MediaCall call, ProviderTarget target, Instant deadline, TargetAdmission.Pass pass) {
            this.call = call;
            this.pass = pass;
            this.target = target;
            this.deadline = deadline;
            this.targetHealth = health.of(target);
            this.settings = providers.get(target.provider());
        }

        MediaResponse serve(Duration remaining) {
            return Failsafe.with(retryPolicy(target, remaining, deadline, () -> attempts))
                    .compose(targetHealth.breaker())
                    .get(this::attempt);
        }

        private MediaResponse attempt() {
            Instant start = clock.instant();
            Duration remaining = Duration.between(start, deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                throw ProviderException.timedOut("The deadline passed", null);
            }
            attempts++;
            if (attempts > 1) {
                pass.retried();
            }
            Duration limit = call.request().streaming() ? settings.firstByteTimeout() : settings.timeout();
            Duration attemptLimit = limit.compareTo(remaining) < 0 ? limit : remaining;
            cutByDeadline = attemptLimit != limit;
            // The trace's attempt (a client span) is current while the provider builds and sends its request.
            CallTrace.AttemptScope traced = call.record().trace().attemptStarting(target.provider(), target.model(),
                    attempts - 1);
            try {
                MediaResponse response = invoker.invoke(call, target, attemptLimit, settings.timeout());
                Duration firstByte = Duration.between(start, clock.instant());
                targetHealth.recordLatency(firstByte);
                call.record().attempted(Attempt.answered(target.provider(), target.model(), start, firstByte));
                return response;
            } catch (GatewayException e) {
                Duration elapsed = Duration.between(start, clock.instant());
                if (e.kind().triesNextTarget()) {
                    // A target that fails fast must not look fast: a failure counts as slow as the limit.
                    targetHealth.recordLatency(elapsed.compareTo(limit) > 0 ? elapsed : limit);
                }
                call.record().attempted(Attempt.failed(target.provider(), target.model(), start, elapsed,
                        e instanceof ProviderException p ? p.upstreamStatus() : 0, e.kind()));
                throw e;
            } finally {
                traced.close();
            }
        }

        /**
         * An attempt whose time was what the deadline left, and that ran out of it, ran out of the
         * deadline (the socket's clock may fire a hair before ours).
         */
        boolean ranOutOfDeadline(GatewayException e) {
            return !clock.instant().isBefore(deadline)
                    || (cutByDeadline && e instanceof ProviderException p && p.upstreamStatus() == 0
                            && e.kind() == ErrorKind.UPSTREAM_TIMEOUT);
        }
    }

    private RetryPolicy<MediaResponse> retryPolicy(ProviderTarget target, Duration remaining, Instant deadline,
            IntSupplier targetAttempts) {
        var retry = providers.get(target.provider()).retry();
        // A backoff as long as the time left cannot be waited out before the deadline (and Failsafe refuses it):
        // the target then gets one attempt and the call falls back to the next target.
        boolean backoffFits = retry.backoff().compareTo(remaining) < 0;
        var builder = RetryPolicy.<MediaResponse>builder()
                .handleIf(e -> e instanceof GatewayException g && g.kind().retryable())
                .withMaxAttempts(backoffFits ? retry.maxAttempts() : 1)
                .withMaxDuration(remaining)
                // A wait (the upstream's retry-after, or the backoff) that outlasts the deadline is not waited
                // out, only to try at the deadline: the next target gets the time instead, or the client gets
                // the upstream's answer at once; and the target is not blamed for a deadline that passed.
                .abortIf((result, failure) -> failure instanceof GatewayException g && !clock.instant()
                        .plus(g.retryAfter().orElseGet(() -> backoffAfter(retry, targetAttempts.getAsInt())))
                        .isBefore(deadline))
                // The upstream's retry-after wins over our backoff; Failsafe caps it at the max duration.
                .withDelayFn(ctx -> ctx.getLastException() instanceof GatewayException g && g.retryAfter().isPresent()
                        ? g.retryAfter().get() : Duration.ofMillis(-1));
        // A zero backoff means retrying at once; Failsafe takes that as no backoff, not as a backoff of 0.
        if (retry.maxAttempts() > 1 && backoffFits && retry.backoff().isPositive()) {
            builder.withBackoff(retry.backoff(), max(retry.backoff(), retry.maxBackoff()));
        }
        return builder.build();
    }

    /** The backoff before the next attempt after {@code attempts} failed ones: doubling, up to the maximum. */
    private static Duration backoffAfter(RetrySettings retry, int attempts) {
        Duration delay = retry.backoff();
        for (int i = 1; i < attempts && delay.compareTo(retry.maxBackoff()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(retry.maxBackoff()) > 0 && retry.maxBackoff().compareTo(retry.backoff()) > 0
                ? retry.maxBackoff() : delay;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a.plusMillis(1) : b;
    }

    private static String afterAttempts(int n) {
        return n > 1 ? " (after " + n + " attempts)" : "";
    }

    private static String describe(GatewayException e) {
        String status = e instanceof ProviderException p && p.upstreamStatus() > 0 ? "HTTP " + p.upstreamStatus() : null;
        // Never the upstream's message: a refusal of credentials may quote a fragment of the key.
        if (e.kind() == ErrorKind.UPSTREAM_AUTH) {
            return (status == null ? "" : status + ", ") + "the provider refused Prism's credentials";
        }
        if (e.kind() == ErrorKind.UPSTREAM_CONFIG) {
            return (status == null ? "" : status + ", ") + "the provider does not know the configured model";
        }
        if (status != null) {
            return status;
        }
        return switch (e.kind()) {
            case UPSTREAM_TIMEOUT -> "timed out";
            case RATE_LIMITED -> "rate limited";
            case UNAVAILABLE -> "unavailable";
            default -> "connection failed";
        };
    }

    /** What happened on one target, for the error that lists them all. */
    private record Outcome(String description, ErrorKind kind, Duration retryAfter) {}

    private static GatewayException allFailed(MediaCall call, List<Outcome> outcomes, boolean timeRanOut, int attempts) {
        String detail = outcomes.isEmpty() ? ""
                : ": " + String.join("; ", outcomes.stream().map(Outcome::description).toList());
        boolean every = !outcomes.isEmpty();
        if (!timeRanOut && every && outcomes.stream().allMatch(o -> o.kind() == ErrorKind.RATE_LIMITED)) {
            // Nothing is broken, the upstreams are only busy: say so, with the longest wait they asked for.
            Duration wait = outcomes.stream().map(Outcome::retryAfter).filter(java.util.Objects::nonNull)
                    .max(Duration::compareTo).orElse(null);
            return new AttemptsExhausted(ErrorKind.RATE_LIMITED, "Every provider of `" + call.request().model()
                    + "` is rate limiting" + detail + ".", attempts, "rate_limit_exceeded", wait);
        }
        boolean allTimedOut = every && outcomes.stream().allMatch(o -> o.kind() == ErrorKind.UPSTREAM_TIMEOUT);
        ErrorKind kind = timeRanOut || allTimedOut ? ErrorKind.UPSTREAM_TIMEOUT : ErrorKind.UPSTREAM_FAILED;
        String why = timeRanOut ? "The deadline for `" + call.request().model() + "` passed"
                : "Every provider of `" + call.request().model() + "` failed";
        return new AttemptsExhausted(kind, why + detail + ".", attempts,
                kind == ErrorKind.UPSTREAM_TIMEOUT ? "upstream_timeout" : "upstream_failed", null);
    }
}
