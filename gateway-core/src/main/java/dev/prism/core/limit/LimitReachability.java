package dev.prism.core.limit;

import dev.prism.core.StartupCheck;
import dev.prism.core.config.RedisSettings;
import dev.prism.core.redis.RedisReachability;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * At start-up, checks that the shared limit store answers: its address must take a connection
 * within {@code redis.timeout}, then a first call (a cold client connects slowly) must succeed
 * within {@link #FIRST_CALL_BOUND}. Out of reach, the gateway starts anyway, says so in one line,
 * and treats requests as {@code rate_limit.on_store_error} says until the store answers.
 */
final class LimitReachability implements StartupCheck {
    static final Duration FIRST_CALL_BOUND = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(LimitReachability.class.getName());
    private static final GateSpec PROBE = new GateSpec("prism-start-up-probe", 1);

    private final GuardedLimitStore store;
    private final RedisSettings redis;
    private final LimitSettings settings;

    LimitReachability(GuardedLimitStore store, LimitSettings settings) {
        this.store = store;
        this.redis = settings.redis();
        this.settings = settings;
    }

    @Override
    public void run() {
        Optional<String> problem = RedisReachability.problem(redis)
                .map(reason -> "cannot reach " + store.describe() + " within " + redis.timeout().toMillis() + "ms: " + reason)
                .or(this::firstCall);
        problem.ifPresent(why -> {
            store.startUnavailable(why);
            LOG.log(System.Logger.Level.WARNING, "{0}: {1}; until it answers, {2}", redis.urlSetting(), why,
                    settings.onStoreError() == LimitSettings.OnStoreError.ALLOW
                            ? "requests go through without rate limits (rate_limit.on_store_error: allow)"
                            : "requests with rate limits are refused with 503 (rate_limit.on_store_error: deny)");
        });
    }

    private Optional<String> firstCall() {
        try {
            CompletableFuture.runAsync(() -> store.unguarded().leave(PROBE, "probe"), Thread.ofVirtual()::start)
                    .get(FIRST_CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (java.util.concurrent.TimeoutException e) {
            return Optional.of(store.describe() + " did not answer a first call within " + FIRST_CALL_BOUND.toSeconds() + "s");
        } catch (java.util.concurrent.ExecutionException e) {
            return Optional.of(store.describe() + " failed a first call: " + redis.redact(String.valueOf(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
