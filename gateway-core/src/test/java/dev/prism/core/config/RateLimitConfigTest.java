package dev.prism.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.limit.LimitSettings;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@code rate_limit:} on keys, models and providers, and the {@code rate_limit:} section. */
class RateLimitConfigTest {
    private static final String PROVIDERS_AND_MODELS = """
            providers:
              openai: { type: mock, rate_limit: { requests_per_minute: 3000 } }
            models:
              dall-e-3: { rate_limit: { images_per_minute: 50 }, targets: [ { provider: openai } ] }
            """;

    private final ConfigLoader loader = new ConfigLoader(name -> null);

    private GatewayConfig withKeyLimit(String rateLimit) {
        return loader.parse(PROVIDERS_AND_MODELS + """
                keys:
                  - { name: team-a, key: sk-prism-team-a, rate_limit: %s }
                """.formatted(rateLimit));
    }

    @Test
    void theIssuesExampleReadsIntoAllowancesPerUnitAndWindow() {
        GatewayConfig config = withKeyLimit("""
                { requests_per_minute: 60, requests_per_day: 5000, characters_per_minute: 100000,
                  audio_seconds_per_hour: 3600, images_per_minute: 10, max_concurrent: 4 }""");
        RateLimit key = config.keys().getFirst().rateLimit();
        assertThat(key.allowances()).containsExactly(
                new Allowance(LimitUnit.REQUESTS, 60, LimitWindow.MINUTE),
                new Allowance(LimitUnit.REQUESTS, 5000, LimitWindow.DAY),
                new Allowance(LimitUnit.CHARACTERS, 100000, LimitWindow.MINUTE),
                new Allowance(LimitUnit.AUDIO_SECONDS, 3600, LimitWindow.HOUR),
                new Allowance(LimitUnit.IMAGES, 10, LimitWindow.MINUTE));
        assertThat(key.maxConcurrent()).isEqualTo(OptionalInt.of(4));
        // Audio is counted to the millisecond.
        assertThat(key.of(LimitUnit.AUDIO_SECONDS).getFirst().capacity()).isEqualTo(3_600_000);
        assertThat(config.models().get("dall-e-3").rateLimit().allowances())
                .containsExactly(new Allowance(LimitUnit.IMAGES, 50, LimitWindow.MINUTE));
        assertThat(config.providers().get("openai").rateLimit().allowances())
                .containsExactly(new Allowance(LimitUnit.REQUESTS, 3000, LimitWindow.MINUTE));
    }

    @Test
    void aKeyWithoutALimitIsNotLimited() {
        GatewayConfig config = loader.parse(PROVIDERS_AND_MODELS + "keys: [ { name: team-a, key: sk-prism-team-a } ]");
        assertThat(config.keys().getFirst().rateLimit().isNone()).isTrue();
    }

    @Test
    void everyMistakeIsNamedWithItsPathAtOnce() {
        assertThatThrownBy(() -> withKeyLimit("{ request_per_minute: 60, characters_per_week: 5, images_per_minute: 0, "
                + "max_concurrent: 0 }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("keys[0].rate_limit.request_per_minute: unknown limit; did you mean 'requests_per_minute'?")
                .hasMessageContaining("keys[0].rate_limit.characters_per_week: unknown limit")
                .hasMessageContaining("keys[0].rate_limit.images_per_minute: expected a whole number of at least 1")
                .hasMessageContaining("keys[0].rate_limit.max_concurrent: must be at least 1");
        assertThatThrownBy(() -> withKeyLimit("{ requests_per_minute: 1.5 }"))
                .hasMessageContaining("keys[0].rate_limit.requests_per_minute: expected a whole number of at least 1");
        assertThatThrownBy(() -> withKeyLimit("{ characters_per_second: 2000000000 }"))
                .hasMessageContaining("keys[0].rate_limit.characters_per_second: is too large: at most 1000000000 per second");
        assertThatThrownBy(() -> withKeyLimit("{ audio_seconds_per_second: 1000001 }"))
                .hasMessageContaining("audio_seconds_per_second: is too large: at most 1000000 per second");
        assertThatThrownBy(() -> withKeyLimit("{ }"))
                .hasMessageContaining("keys[0].rate_limit: give at least one limit");
        assertThatThrownBy(() -> withKeyLimit("60"))
                .hasMessageContaining("keys[0].rate_limit: expected a map");
    }

    @Test
    void theSectionNamesItsStoreAndWhatRequestsGetWhileItIsDown() {
        GatewayConfig config = loader.parse(PROVIDERS_AND_MODELS + """
                redis: { url: "redis://10.0.0.5:6380" }
                rate_limit: { store: redis, on_store_error: deny }
                """);
        LimitSettings settings = config.feature(LimitSettings.class);
        assertThat(settings.store()).isEqualTo("redis");
        assertThat(settings.onStoreError()).isEqualTo(LimitSettings.OnStoreError.DENY);
        // The shared redis section serves the limits unless they name their own.
        assertThat(settings.redis().hostAndPort()).isEqualTo("10.0.0.5:6380");
        LimitSettings own = loader.parse(PROVIDERS_AND_MODELS + """
                redis: { url: "redis://10.0.0.5:6380" }
                rate_limit: { store: redis, redis_url: "redis://10.0.0.6:6379" }
                """).feature(LimitSettings.class);
        assertThat(own.redis().hostAndPort()).isEqualTo("10.0.0.6:6379");
        assertThat(own.redis().urlSetting()).isEqualTo("rate_limit.redis_url");
        assertThat(own.onStoreError()).isEqualTo(LimitSettings.OnStoreError.ALLOW);
        assertThatThrownBy(() -> loader.parse(PROVIDERS_AND_MODELS + "rate_limit: { on_store_error: block }"))
                .hasMessageContaining("rate_limit.on_store_error: expected allow or deny, not 'block'");
    }
}
