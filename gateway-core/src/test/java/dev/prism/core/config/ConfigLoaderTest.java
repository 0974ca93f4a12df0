package dev.prism.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.api.Operation;
import dev.prism.core.keys.KeyRing;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.routing.ProviderTarget;
import dev.prism.core.routing.Strategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final String EXAMPLE = """
            server:   { host: 127.0.0.1, port: 8080, max_upload_mb: 25 }
            plugins:  { dir: ./plugins }
            providers:
              openai: { type: openai, base_url: https://api.openai.com/v1, api_key: "${OPENAI_API_KEY}", timeout: 60s }
              mock: { type: mock }
            models:
              tts-1:
                targets:
                  - provider: openai
                  - provider: mock
              whisper-1:
                targets: [ { provider: openai, model: whisper-1 } ]
            keys:
              - name: demo
                key: sk-prism-demo
                models: [tts-1, whisper-1]
            """;

    /** Providers and one alias, for the tests that vary another section. */
    private static final String PROVIDERS_AND_MODELS = """
            providers:
              openai: { type: openai, api_key: sk-test }
              mock: { type: mock }
            models:
              tts-1:
                targets: [ { provider: openai } ]
            """;

    private final Map<String, String> environment = new HashMap<>(Map.of("OPENAI_API_KEY", "sk-upstream-secret"));
    private final ConfigLoader loader = new ConfigLoader(environment::get);

    private GatewayConfig parse(String yaml) {
        return loader.parse(yaml);
    }

    private void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    private void assertRejectedStartingWith(String yaml, String messageStart) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessageStartingWith(messageStart);
    }

    // --- a valid configuration ---

    @Test
    void exampleConfigurationParsesServerPluginsAndProviders() {
        GatewayConfig config = parse(EXAMPLE);

        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().maxUploadBytes()).isEqualTo(25L * 1024 * 1024);
        assertThat(config.server().publicUrl()).isEmpty();
        assertThat(config.server().maxFormFieldsBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(config.server().maxInFlight()).isEqualTo(64);
        assertThat(config.plugins().dir()).isEqualTo(Path.of("./plugins"));

        assertThat(config.providers()).containsOnlyKeys("openai", "mock");
        ProviderSettings openai = config.providers().get("openai");
        assertThat(openai.name()).isEqualTo("openai");
        assertThat(openai.type()).isEqualTo("openai");
        assertThat(openai.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(openai.firstByteTimeout()).as("defaults to the timeout").isEqualTo(Duration.ofSeconds(60));
        assertThat(openai.retry()).isEqualTo(RetrySettings.DEFAULT);
        assertThat(openai.circuitBreaker()).isEqualTo(BreakerSettings.DEFAULT);
        assertThat(openai.node().string("api_key")).contains("sk-upstream-secret");
        assertThat(config.providers().get("mock").type()).isEqualTo("mock");
    }

    @Test
    void targetModelDefaultsToTheAliasWithWeightOneAndTheFallbackStrategy() {
        GatewayConfig config = parse(EXAMPLE);

        assertThat(config.models()).containsOnlyKeys("tts-1", "whisper-1");
        ModelRoute tts = config.models().get("tts-1");
        assertThat(tts.alias()).isEqualTo("tts-1");
        assertThat(tts.strategy()).isEqualTo(Strategy.FALLBACK);
        assertThat(tts.targets()).containsExactly(
                new ProviderTarget("openai", "tts-1", 1), new ProviderTarget("mock", "tts-1", 1));
        assertThat(tts.deadline()).isEmpty();
        assertThat(config.models().get("whisper-1").targets())
                .containsExactly(new ProviderTarget("openai", "whisper-1", 1));
        assertThat(config.routing().deadline()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void modelsKeepTheirOrderFromTheFile() {
        GatewayConfig config = parse(EXAMPLE);

        assertThat(config.models().keySet()).containsExactly("tts-1", "whisper-1");
        assertThat(config.providers().keySet()).containsExactly("openai", "mock");
    }

    @Test
    void plainKeyIsKeptOnlyAsItsSha256WithItsModels() {
        KeySpec demo = parse(EXAMPLE).keys().getFirst();

        assertThat(demo.name()).isEqualTo("demo");
        assertThat(demo.sha256()).isEqualTo(ConfigLoader.sha256("sk-prism-demo"));
        assertThat(demo.models()).contains(Set.of("tts-1", "whisper-1"));
        assertThat(demo.toString()).doesNotContain("sk-prism-demo");
    }

    @Test
    void keySha256IsReadAsTheHashOfTheKeyInAnyCase() {
        String hash = KeyRing.hashOf("sk-prism-hashed").toUpperCase(java.util.Locale.ROOT);
        GatewayConfig config = parse(PROVIDERS_AND_MODELS + """
                keys:
                  - name: hashed
                    key_sha256: %s
                """.formatted(hash));

        KeySpec key = config.keys().getFirst();
        assertThat(key.sha256()).isEqualTo(ConfigLoader.sha256("sk-prism-hashed"));
        assertThat(key.models()).as("no models: every alias").isEmpty();
    }

    @Test
    void strategiesAndWeightsAreRead() {
        GatewayConfig config = parse("""
                providers: { a: { type: fake }, b: { type: fake } }
                models:
                  split:
                    strategy: weighted
                    targets: [ { provider: a, weight: 3 }, { provider: b, model: other, weight: 0 } ]
                  fast:
                    strategy: least-latency
                    deadline: 5s
                    targets: [ { provider: a } ]
                """);

        assertThat(config.models().get("split").strategy()).isEqualTo(Strategy.WEIGHTED);
        assertThat(config.models().get("split").targets())
                .containsExactly(new ProviderTarget("a", "split", 3), new ProviderTarget("b", "other", 0));
        assertThat(config.models().get("fast").strategy()).isEqualTo(Strategy.LEAST_LATENCY);
        assertThat(config.models().get("fast").deadline()).contains(Duration.ofSeconds(5));
    }

    @Test
    void anEmptyConfigurationIsRefusedNotStartedAsAnEmptyGateway() {
        assertRejectedStartingWith("", "the configuration is empty");
        assertRejectedStartingWith("# only a comment\n", "the configuration is empty");
    }

    // --- environment variables ---

    @Test
    void variableIsReplacedByItsValueInsideALongerString() {
        environment.put("API_HOST", "api.example.com");
        GatewayConfig config = parse("""
                providers:
                  openai: { type: openai, base_url: "https://${API_HOST}/v1" }
                """);

        assertThat(config.providers().get("openai").node().string("base_url")).contains("https://api.example.com/v1");
    }

    @Test
    void variableWithDefaultTakesTheDefaultWhenUnsetAndTheValueWhenSet() {
        String yaml = "server: { host: \"${PRISM_HOST:-0.0.0.0}\", port: \"${PRISM_PORT:-9090}\" }";

        assertThat(parse(yaml).server().host()).isEqualTo("0.0.0.0");
        assertThat(parse(yaml).server().port()).as("the digits of a substituted value are a number").isEqualTo(9090);

        environment.put("PRISM_HOST", "10.0.0.7");
        environment.put("PRISM_PORT", "7000");
        assertThat(parse(yaml).server().host()).isEqualTo("10.0.0.7");
        assertThat(parse(yaml).server().port()).isEqualTo(7000);
    }

    @Test
    void variableWithAnEmptyDefaultIsEmpty() {
        GatewayConfig config = parse("providers: { openai: { type: openai, organization: \"${ORG:-}\" } }");

        assertThat(config.providers().get("openai").node().string("organization")).contains("");
    }

    @Test
    void missingVariableIsAnErrorNamingThePathAndTheVariable() {
        environment.remove("OPENAI_API_KEY");

        assertRejected(EXAMPLE, "providers.openai.api_key: environment variable OPENAI_API_KEY is not set");
    }

    @Test
    void missingVariableInAListNamesTheItem() {
        assertRejected(PROVIDERS_AND_MODELS + """
                keys:
                  - name: demo
                    key: "${DEMO_KEY}"
                """, "keys[0].key: environment variable DEMO_KEY is not set");
    }

    @Test
    void variableValueIsTakenLiterallyEvenWithDollarsAndBackslashes() {
        environment.put("ODD", "a$1\\b");
        GatewayConfig config = parse("providers: { openai: { type: openai, api_key: \"${ODD}\" } }");

        assertThat(config.providers().get("openai").node().string("api_key")).contains("a$1\\b");
    }

    // --- errors with their paths ---

    @Test
    void unknownTopLevelKeyIsAnErrorWithItsPath() {
        assertRejected("servr: { port: 8080 }", "servr: unknown key; did you mean 'server'?");
    }

    @Test
    void unknownServerKeyIsAnErrorWithItsPath() {
        assertRejected("server: { prot: 8080 }", "server.prot: unknown key; did you mean 'port'?");
    }

    @Test
    void portThatIsNotANumberIsAnErrorWithItsPath() {
        assertRejectedStartingWith("server: { port: eighty }", "server.port: expected a number");
    }

    @Test
    void portOutOfRangeIsAnError() {
        assertRejected("server: { port: 70000 }", "server.port: expected a port between 0 and 65535");
    }

    @Test
    void formFieldsLimitAndRequestsInFlightAreRead() {
        ServerSettings server = parse("server: { max_form_fields_mb: 2, max_in_flight: 3 }").server();

        assertThat(server.maxFormFieldsBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(server.maxInFlight()).isEqualTo(3);
    }

    @Test
    void imageEditsHaveTheirOwnBoundLargeEnoughForSixteenImagesAndAMask() {
        assertThat(parse("server: { max_upload_mb: 25 }").server().maxImageEditBytes())
                .isEqualTo((16 * 50 + 4) * 1024L * 1024);
        assertThat(parse("server: { max_image_edit_mb: 100 }").server().maxImageEditBytes())
                .isEqualTo(100L * 1024 * 1024);
        assertRejected("server: { max_image_edit_mb: 0 }", "server.max_image_edit_mb: must be at least 1");
    }

    @Test
    void formFieldsLimitAndRequestsInFlightMustBePositive() {
        assertRejected("server: { max_form_fields_mb: 0 }", "server.max_form_fields_mb: must be at least 1");
        assertRejected("server: { max_in_flight: 0 }", "server.max_in_flight: must be at least 1");
    }

    @Test
    void sectionThatIsNotAMapIsAnError() {
        assertRejected("server: 8080", "server: expected a map of settings");
    }

    @Test
    void targetNamingAnUnknownProviderListsTheProviders() {
        assertRejected("""
                providers:
                  openai: { type: openai }
                  mock: { type: mock }
                models:
                  tts-1:
                    targets: [ { provider: opnai } ]
                """, "models.tts-1.targets[0].provider: no provider named 'opnai'. Available: openai, mock");
    }

    @Test
    void unknownKeyInsideATargetIsAnErrorWithItsPath() {
        assertRejected("""
                providers: { openai: { type: openai } }
                models:
                  tts-1:
                    targets:
                      - provider: openai
                      - { provider: openai, model: tts-1-hd, wieght: 2 }
                """, "models.tts-1.targets[1].wieght: unknown key; did you mean 'weight'?");
    }

    @Test
    void aliasWithoutTargetsIsAnError() {
        assertRejected("""
                providers: { openai: { type: openai } }
                models:
                  tts-1: { targets: [] }
                """, "models.tts-1.targets: an alias needs at least one target");
    }

    @Test
    void unknownStrategyListsTheStrategies() {
        assertRejected("""
                providers: { openai: { type: openai } }
                models:
                  tts-1: { strategy: round-robin, targets: [ { provider: openai } ] }
                """, "models.tts-1.strategy: unknown strategy 'round-robin'. Available: fallback, weighted, least-latency");
    }

    @Test
    void weightedAliasWithAllWeightsZeroIsAnError() {
        assertRejected("""
                providers: { a: { type: fake }, b: { type: fake } }
                models:
                  tts-1:
                    strategy: weighted
                    targets: [ { provider: a, weight: 0 }, { provider: b, weight: 0 } ]
                """, "models.tts-1.targets: the weighted strategy needs a target with a weight above 0");
    }

    @Test
    void negativeWeightIsAnError() {
        assertRejected("""
                providers: { a: { type: fake } }
                models:
                  tts-1: { targets: [ { provider: a, weight: -1 } ] }
                """, "models.tts-1.targets[0].weight: must not be negative");
    }

    @Test
    void keyWithBothKeyAndKeySha256IsAnError() {
        assertRejected(PROVIDERS_AND_MODELS + """
                keys:
                  - name: demo
                    key: sk-prism-demo
                    key_sha256: %s
                """.formatted(KeyRing.hashOf("sk-prism-demo")), "keys[0]: give either key or key_sha256");
    }

    @Test
    void keyWithNeitherKeyNorKeySha256IsAnError() {
        assertRejected(PROVIDERS_AND_MODELS + """
                keys:
                  - name: demo
                """, "keys[0]: give either key or key_sha256");
    }

    @Test
    void keySha256ThatIsNotHexIsAnError() {
        assertRejected(PROVIDERS_AND_MODELS + """
                keys:
                  - name: demo
                    key_sha256: not-hex-at-all
                """, "keys[0].key_sha256: expected 64 hex digits");
    }

    @Test
    void keySha256OfTheWrongLengthIsAnError() {
        assertRejected(PROVIDERS_AND_MODELS + """
                keys:
                  - name: demo
                    key_sha256: %s
                """.formatted(HexFormat.of().formatHex(new byte[31])), "keys[0].key_sha256: expected 64 hex digits");
    }

    @Test
    void shortKeyIsAnErrorThatDoesNotRepeatTheKey() {
        assertThatThrownBy(() -> parse(PROVIDERS_AND_MODELS + """
                keys:
                  - name: demo
                    key: sk-1234
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("keys[0].key: a key needs at least 8 characters")
                .hasMessageNotContaining("sk-1234");
    }

    @Test
    void twoKeysWithTheSameValueAreAnError() {
        assertRejected(PROVIDERS_AND_MODELS + """
                keys:
                  - { name: first, key: sk-prism-same }
                  - { name: second, key_sha256: %s }
                """.formatted(KeyRing.hashOf("sk-prism-same")), "keys[1]: two keys have the same value");
    }

    @Test
    void twoKeysWithTheSameNameAreAnError() {
        assertRejected(PROVIDERS_AND_MODELS + """
                keys:
                  - { name: demo, key: sk-prism-one }
                  - { name: demo, key: sk-prism-two }
                """, "keys[1].name: another key is already named 'demo'");
    }

    @Test
    void keyModelsNamingAnUnknownAliasIsAnErrorWithTheItemPath() {
        assertRejected(PROVIDERS_AND_MODELS + """
                keys:
                  - name: demo
                    key: sk-prism-demo
                    models: [dall-e-3, tts-1]
                """, "keys[0].models[0]: no model named 'dall-e-3'");
    }

    @Test
    void unknownKeyInsideAKeyIsAnError() {
        assertRejected(PROVIDERS_AND_MODELS + """
                keys:
                  - { name: demo, key: sk-prism-demo, modles: [tts-1] }
                """, "keys[0].modles: unknown key; did you mean 'models'?");
    }

    @Test
    void retryWithZeroAttemptsIsAnError() {
        assertRejected("providers: { openai: { type: openai, retry: { max_attempts: 0 } } }",
                "providers.openai.retry.max_attempts: must be at least 1 (1 means no retry)");
    }

    @Test
    void unknownRetryKeyIsAnError() {
        assertRejected("providers: { openai: { type: openai, retry: { attempts: 3 } } }",
                "providers.openai.retry.attempts: unknown key. Known keys here: max_attempts, backoff, max_backoff");
    }

    @Test
    void providerWithoutATypeIsAnError() {
        assertRejected("providers: { openai: { api_key: x } }", "providers.openai.type: is required");
    }

    @Test
    void retryAndCircuitBreakerSettingsAreRead() {
        ProviderSettings openai = parse("""
                providers:
                  openai:
                    type: openai
                    first_byte_timeout: 250ms
                    retry: { max_attempts: 3, backoff: 100ms, max_backoff: 2s }
                    circuit_breaker: { failure_threshold: 4, window: 1m, cooldown: 15s }
                """).providers().get("openai");

        assertThat(openai.firstByteTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(openai.retry()).isEqualTo(new RetrySettings(3, Duration.ofMillis(100), Duration.ofSeconds(2)));
        assertThat(openai.circuitBreaker())
                .isEqualTo(new BreakerSettings(4, Duration.ofMinutes(1), Duration.ofSeconds(15)));
    }

    @Test
    void circuitBreakerWindowTooShortToCountFailuresInIsAnError() {
        assertRejected("providers: { openai: { type: openai, circuit_breaker: { window: 5ms } } }",
                "providers.openai.circuit_breaker.window: must be at least 10ms");
    }

    // --- durations ---

    @Test
    void durationsAreWrittenWithAUnit() {
        GatewayConfig config = parse("""
                routing: { deadline: 250ms }
                providers:
                  openai:
                    type: openai
                    timeout: 30s
                    circuit_breaker: { cooldown: 5m }
                cache: { ttl: 24h }
                """);

        assertThat(config.routing().deadline()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.providers().get("openai").timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.providers().get("openai").circuitBreaker().cooldown()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.feature(CacheSettings.class).ttl()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void durationParserKnowsMillisecondsSecondsMinutesHoursAndDays() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse(" 30s ")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void durationInWordsIsAnErrorThatShowsTheExpectedForm() {
        assertRejected("providers: { openai: { type: openai, timeout: 10 seconds } }",
                "providers.openai.timeout: expected a duration such as 250ms, 30s, 5m or 24h");
    }

    @Test
    void aSecretInTheWrongSettingIsNotRepeatedInTheError() {
        environment.put("LEAKED", "sk-live-very-secret");
        assertThatThrownBy(() -> parse("server: { port: \"${LEAKED}\" }"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("server.port: expected a number")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-live"));
    }

    @Test
    void durationWithoutAUnitIsAnError() {
        assertRejectedStartingWith("routing: { deadline: 30 }", "routing.deadline: expected a duration");
    }

    // --- YAML itself ---

    @Test
    void invalidYamlIsAnErrorWithTheLine() {
        assertRejectedStartingWith("server:\n  port: [8080\n", "not valid YAML at line");
    }

    @Test
    void configurationThatIsNotAMapIsAnError() {
        assertRejected("- server\n- models\n", "the configuration must be a map of sections");
    }

    // --- cache section ---

    @Test
    void missingCacheSectionMeansNoCache() {
        assertThat(parse(PROVIDERS_AND_MODELS).feature(CacheSettings.class)).isEqualTo(CacheSettings.disabled());
    }

    @Test
    void cacheSectionDefaultsToASharedEhcacheForTheAudioEndpoints() {
        CacheSettings cache = parse("cache: {}").feature(CacheSettings.class);

        assertThat(cache.enabled()).isTrue();
        assertThat(cache.provider()).isEqualTo("ehcache");
        assertThat(cache.privateToKey()).isFalse();
        assertThat(cache.endpoints())
                .containsExactlyInAnyOrder(Operation.SPEECH, Operation.TRANSCRIPTION, Operation.TRANSLATION);
        assertThat(cache.ttl()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void cacheSectionReadsProviderScopeEndpointsAndSizes() {
        CacheSettings cache = parse("""
                cache:
                  provider: redis
                  redis_url: redis://cache:6379
                  scope: key
                  endpoints: [speech, images]
                  ttl: 1h
                  heap_mb: 32
                  disk_mb: 0
                  dir: /var/cache/prism
                """).feature(CacheSettings.class);

        assertThat(cache.enabled()).isTrue();
        assertThat(cache.provider()).isEqualTo("redis");
        assertThat(cache.redisUrl()).isEqualTo("redis://cache:6379");
        assertThat(cache.privateToKey()).isTrue();
        assertThat(cache.endpoints()).containsExactlyInAnyOrder(Operation.SPEECH, Operation.IMAGE);
        assertThat(cache.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(cache.memoryMb()).isEqualTo(32);
        assertThat(cache.diskMb()).isZero();
        assertThat(cache.dir()).isEqualTo(Path.of("/var/cache/prism"));
    }

    @Test
    void memoryMbSizesTheMemoryTierAndHeapMbIsItsOldName() {
        assertThat(parse("cache: { memory_mb: 128, disk_mb: 1024 }").feature(CacheSettings.class).memoryMb()).isEqualTo(128);
        assertThat(parse("cache: { heap_mb: 96, disk_mb: 1024 }").feature(CacheSettings.class).memoryMb()).isEqualTo(96);
        assertThat(parse("cache: {}").feature(CacheSettings.class).memoryMb()).isEqualTo(64);
    }

    @Test
    void memoryMbAndHeapMbTogetherAreAnError() {
        assertRejected("cache: { memory_mb: 64, heap_mb: 64 }",
                "cache.heap_mb: is the old name of memory_mb: set only one of them");
    }

    @Test
    void aMemoryTierBelowOneMegabyteIsAnErrorNamingTheKeyUsed() {
        assertRejected("cache: { memory_mb: 0 }", "cache.memory_mb: must be at least 1");
        assertRejected("cache: { heap_mb: 0 }", "cache.heap_mb: must be at least 1");
        assertRejected("cache: { disk_mb: -1 }", "cache.disk_mb: must be at least 0 (0: no disk tier)");
    }

    @Test
    void anEmbeddedDiskTierNoLargerThanTheMemoryTierIsAnError() {
        assertRejected("cache: { memory_mb: 64, disk_mb: 64 }",
                "cache.disk_mb: must be larger than memory_mb (64), or 0 for no disk tier");
        assertRejected("cache: { heap_mb: 4096 }",
                "cache.disk_mb: must be larger than heap_mb (4096), or 0 for no disk tier");
        assertThat(parse("cache: { memory_mb: 64, disk_mb: 0 }").feature(CacheSettings.class).diskMb()).isZero();
        assertThat(parse("cache: { provider: redis, memory_mb: 4096 }").feature(CacheSettings.class).provider()).isEqualTo("redis");
    }

    @Test
    void cacheCanBeConfiguredButSwitchedOff() {
        assertThat(parse("cache: { enabled: false, provider: ehcache }").feature(CacheSettings.class).enabled()).isFalse();
    }

    @Test
    void unknownCacheEndpointIsAnErrorListingTheEndpoints() {
        assertRejected("cache: { endpoints: [speech, video] }",
                "cache.endpoints[1]: unknown endpoint 'video'. Available: speech, transcriptions, translations, images, image_edits, image_variations");
    }

    @Test
    void aCacheBackEndIsNamedNotChosenFromAFixedList() {
        // A third-party jar may declare it; the cache module looks it up by name when the gateway starts.
        assertThat(parse("cache: { provider: memcached }").feature(CacheSettings.class).provider()).isEqualTo("memcached");
        assertRejected("cache: { provider: \"Mem Cached\" }",
                "cache.provider: expected the name of a cache back end such as ehcache or redis");
    }

    @Test
    void unknownCacheScopeIsAnError() {
        assertRejected("cache: { scope: user }", "cache.scope: expected shared or key");
    }

    @Test
    void unknownCacheKeyIsAnError() {
        assertRejected("cache: { ttl: 1h, tll: 2h }", "cache.tll: unknown key; did you mean 'ttl'?");
    }

    // --- redis section, shared by every Redis user ---

    @Test
    void theRedisSectionDefaultsToALocalRedisWithAShortTimeout() {
        RedisSettings redis = parse("routing: {}").feature(RedisSettings.class);

        assertThat(redis.url()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(redis.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(redis.breaker()).isEqualTo(RedisSettings.DEFAULT_BREAKER);
        assertThat(parse("cache: {}").feature(CacheSettings.class).onUnavailable()).isEqualTo(CacheSettings.OnUnavailable.BYPASS);
    }

    @Test
    void theCacheUsesTheSharedRedisSection() {
        GatewayConfig config = parse("""
                redis:
                  url: redis://redis.internal:6380/2
                  timeout: 100ms
                  circuit_breaker: { failure_threshold: 2, window: 5s, cooldown: 1s }
                cache: { provider: redis, on_unavailable: fail }
                """);

        RedisSettings expected = new RedisSettings("redis://redis.internal:6380/2", "redis.url", Duration.ofMillis(100),
                new BreakerSettings(2, Duration.ofSeconds(5), Duration.ofSeconds(1)));
        assertThat(config.feature(RedisSettings.class)).isEqualTo(expected);
        assertThat(config.feature(CacheSettings.class).redis()).isEqualTo(expected);
        assertThat(config.feature(CacheSettings.class).onUnavailable()).isEqualTo(CacheSettings.OnUnavailable.FAIL);
    }

    @Test
    void cacheRedisUrlStillWorksAndWinsForTheCacheOnly() {
        GatewayConfig config = parse("""
                redis: { url: "redis://shared:6379", timeout: 100ms }
                cache: { provider: redis, redis_url: "redis://cache-only:6379" }
                """);

        assertThat(config.feature(RedisSettings.class).url()).isEqualTo("redis://shared:6379");
        assertThat(config.feature(CacheSettings.class).redis()).isEqualTo(new RedisSettings("redis://cache-only:6379", "cache.redis_url",
                Duration.ofMillis(100), RedisSettings.DEFAULT_BREAKER));
    }

    @Test
    void redisTypos() {
        assertRejected("redis: { timout: 1s }", "redis.timout: unknown key; did you mean 'timeout'?");
        assertRejected("redis: { circuit_breaker: { cooldwn: 1s } }", "redis.circuit_breaker.cooldwn: unknown key; did you mean 'cooldown'?");
        assertRejected("redis: { timeout: 0ms }", "redis.timeout: must be at least 1ms");
        assertRejected("cache: { on_unavailable: retry }", "cache.on_unavailable: expected bypass or fail");
    }

    @Test
    void aRedisUrlThatNoClientCouldUseIsRefusedWithoutQuotingItsPassword() {
        assertRejected("redis: { url: \"http://:hunter22@cache:6379\" }",
                "redis.url: expected redis://HOST:PORT (or rediss:// for TLS), not a http URL");
        assertRejected("cache: { redis_url: \"cache:6379\" }",
                "cache.redis_url: expected redis://HOST:PORT (or rediss:// for TLS), not a cache URL");
        assertRejected("redis: { url: \"redis:///0\" }", "redis.url: the URL names no host; expected redis://HOST:PORT");
    }

    @Test
    void aRedisAddressInMessagesIsItsHostAndPortOnly() {
        RedisSettings redis = RedisSettings.DEFAULT.withUrl("rediss://prism:hunter22@cache.internal/3", "redis.url");

        assertThat(redis.hostAndPort()).isEqualTo("cache.internal:6379");
        assertThat(redis.redact("WRONGPASS for prism:hunter22 and hunter22")).isEqualTo("WRONGPASS for **** and ****");
    }

    @Test
    void aliasMayOptOutOfTheCacheOrSetItsOwnTtl() {
        GatewayConfig config = parse("""
                providers: { a: { type: fake } }
                models:
                  never: { cache: false, targets: [ { provider: a } ] }
                  short: { cache: { ttl: 10m }, targets: [ { provider: a } ] }
                  plain: { targets: [ { provider: a } ] }
                """);

        assertThat(config.models().get("never").cache()).contains(false);
        assertThat(config.models().get("short").cache()).contains(true);
        assertThat(config.models().get("short").cacheTtl()).contains(Duration.ofMinutes(10));
        assertThat(config.models().get("plain").cache()).isEqualTo(Optional.empty());
    }

    @Test
    void loadingAMissingFileIsAnErrorNamingTheFile(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path file = dir.resolve("prism.yaml");

        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("configuration file " + file + " not found");
    }

    @Test
    void loadingAFileParsesIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("prism.yaml"), EXAMPLE);

        assertThat(loader.load(file).keys()).extracting(KeySpec::name).isEqualTo(List.of("demo"));
    }
}
