package dev.prism.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mistakes an operator makes in a first configuration: each is caught at start with the path of
 * the setting and what to write instead; what is allowed but odd starts with a warning; and every
 * problem of a file is reported at once.
 */
class ConfigMistakesTest {
    private static final String VALID = """
            providers:
              openai: { type: openai, api_key: sk-test }
            models:
              tts-1: { targets: [ { provider: openai } ] }
            keys:
              - { name: demo, key: sk-prism-demo }
            """;

    private final List<String> warnings = new ArrayList<>();
    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get, warnings::add);

    private ConfigException rejected(String yaml) {
        return (ConfigException) assertThatThrownBy(() -> loader.parse(yaml)).isInstanceOf(ConfigException.class)
                .actual();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "routing: { deadline: 0s }                                  | routing.deadline: must be more than 0",
            "cache: { ttl: 0s }                                         | cache.ttl: must be more than 0",
            "server: { public_url: not a url }                          | server.public_url: expected an absolute http or https URL",
            "server: { public_url: 'ftp://files.example.com' }          | server.public_url: expected an absolute http or https URL"})
    void valuesThatWouldBreakEveryRequestAreRefused(String section, String message) {
        assertThat(rejected(VALID + section).getMessage()).startsWith(message);
    }

    @Test
    void anAliasDeadlineOrCacheTtlOfZeroIsRefused() {
        String alias = "tts-1: { targets: [ { provider: openai } ] }";

        assertThat(rejected(VALID.replace(alias, "tts-1: { targets: [ { provider: openai } ], deadline: 0ms }"))
                .getMessage()).isEqualTo("models.tts-1.deadline: must be more than 0 (such as 30s)");
        assertThat(rejected(VALID.replace(alias, "tts-1: { targets: [ { provider: openai } ], cache: { ttl: 0s } }"))
                .getMessage()).isEqualTo("models.tts-1.cache.ttl: must be more than 0 (such as 30s)");
    }

    @Test
    void aProviderTimeoutOfZeroIsRefused() {
        assertThat(rejected(VALID.replace("api_key: sk-test", "api_key: sk-test, timeout: 0s")).getMessage())
                .isEqualTo("providers.openai.timeout: must be more than 0 (such as 30s)");
    }

    @Test
    void aFileGivenAsThePluginDirectoryIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plugin.jar"), "not a directory");

        assertThat(rejected(VALID + "plugins: { dir: \"" + file + "\" }").getMessage())
                .startsWith("plugins.dir: '" + file + "' is a file; expected a directory");
    }

    @Test
    void aRepeatedKeyIsRefusedInsteadOfTheLastOneWinning() {
        String yaml = VALID + """
                server:
                  port: 8080
                  port: 9090
                """;

        assertThat(rejected(yaml).getMessage()).contains("line").contains("'port' appears twice");
    }

    @Test
    void aBooleanOrMapSettingSaysBothFormsAreAccepted() {
        String yaml = VALID.replace("tts-1: { targets: [ { provider: openai } ] }",
                "tts-1: { targets: [ { provider: openai } ], cache: sometimes }");

        assertThat(rejected(yaml).getMessage())
                .isEqualTo("models.tts-1.cache: expected true, false, or a map such as { enabled: true, ttl: 1h }");
    }

    @Test
    void everyProblemIsReportedAtOnceEachWithItsPath() {
        String yaml = """
                servr: { port: 8080 }
                server: { port: 99999 }
                providers:
                  openai: { type: openai, api_key: sk-test, timeout: soon }
                  mock: { type: mock, retry: { max_attempts: 0 } }
                models:
                  tts-1: { targets: [ { provider: openai } ] }
                  whisper-1: { targets: [ { provider: nobody } ] }
                keys:
                  - { name: demo, key: short }
                  - { name: other, key: sk-long-enough, modles: [ tts-1 ] }
                cache: { ttl: 0s }
                """;

        assertThat(rejected(yaml).problems()).containsExactly(
                "server.port: expected a port between 0 and 65535",
                "providers.openai.timeout: expected a duration such as 250ms, 30s, 5m or 24h",
                "providers.mock.retry.max_attempts: must be at least 1 (1 means no retry)",
                "models.whisper-1.targets[0].provider: no provider named 'nobody'. Available: openai, mock",
                "keys[0].key: a key needs at least 8 characters",
                "keys[1].modles: unknown key; did you mean 'models'?",
                "cache.ttl: must be more than 0 (such as 30s)",
                "servr: unknown key; did you mean 'server'?");
    }

    @Test
    void unknownKeysFarFromAnyKnownOneListTheKnownKeys() {
        assertThat(rejected(VALID + "routing: { timeout_everything: 5s }").getMessage())
                .isEqualTo("routing.timeout_everything: unknown key. Known keys here: deadline");
    }

    @Test
    void noKeysStartsWithAWarningThatEveryRequestWillBeRefused() {
        loader.parse(VALID.substring(0, VALID.indexOf("keys:")));

        assertThat(warnings).singleElement().asString().startsWith("keys: no virtual keys are configured");
    }

    @Test
    void aValidConfigurationStartsWithoutWarnings() {
        loader.parse(VALID);

        assertThat(warnings).isEmpty();
    }

    @Test
    void aMissingFileSaysNotFound(@TempDir Path dir) {
        Path file = dir.resolve("prism.yaml");

        assertThatThrownBy(() -> loader.load(file)).hasMessageStartingWith("configuration file " + file + " not found");
    }

    @Test
    void anEmptyFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("prism.yaml"), "\n\n");

        assertThatThrownBy(() -> loader.load(file)).hasMessageContaining("is empty");
    }

    @Test
    void typosAreMatchedToTheClosestKnownKey() {
        assertThat(KeySuggestion.closest("servr", List.of("server", "plugins", "providers"))).contains("server");
        assertThat(KeySuggestion.closest("max_upload_md", List.of("host", "port", "max_upload_mb"))).contains("max_upload_mb");
        assertThat(KeySuggestion.closest("wieght", List.of("provider", "model", "weight"))).contains("weight");
        assertThat(KeySuggestion.closest("colour", List.of("provider", "model", "weight"))).isEmpty();
    }
}
