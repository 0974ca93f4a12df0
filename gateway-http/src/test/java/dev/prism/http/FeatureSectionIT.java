package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.ConfigurationException;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.record.CompletedCall;
import dev.prism.http.feature.Tally;
import dev.prism.http.feature.TallyFeature;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A section no central class knows of: {@code tally:} belongs to {@link TallyFeature}, defined in
 * the tests and found through its {@code META-INF/services} line. It reads and checks its own
 * section, its mistakes are reported with the core's, and its module's listener hears calls.
 */
class FeatureSectionIT {
    private static final String KEY = "sk-feature-test-key";

    private static GatewayConfig parse(String yaml) {
        return new ConfigLoader(Map.<String, String>of()::get).parse(yaml);
    }

    private static String config(String upstream, String extra) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  up: { type: openai, base_url: "%s", api_key: sk-up, timeout: 10s }
                models:
                  tts-1: { targets: [ { provider: up } ] }
                keys:
                  - { name: tallied, key: %s }
                """.formatted(upstream, KEY) + extra;
    }

    @Test
    void theFeatureReadsItsOwnSection() {
        GatewayConfig config = parse(config("http://127.0.0.1:1", "tally: { label: speech-bill }\n"));

        assertThat(config.feature(TallyFeature.Settings.class).label()).contains("speech-bill");
        assertThat(parse(config("http://127.0.0.1:1", "")).feature(TallyFeature.Settings.class).label()).isEmpty();
    }

    @Test
    void itsMistakesAreReportedWithTheirPathAlongsideTheCoresBeforeAnythingStarts() {
        String yaml = config("http://127.0.0.1:1", "tally: { label: \" \", lable: twice }\n")
                .replace("port: 0", "port: 99999");

        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .containsExactly("server.port: expected a port between 0 and 65535", "tally.label: must not be blank"));
        assertThatThrownBy(() -> parse(config("http://127.0.0.1:1", "tally: { lable: bill }\n")))
                .hasMessage("tally.lable: unknown key; did you mean 'label'?");
    }

    @Test
    void aMistypedSectionIsStillRefusedWithTheFeaturesKeySuggested() {
        assertThatThrownBy(() -> parse(config("http://127.0.0.1:1", "taly: { label: bill }\n")))
                .isInstanceOf(ConfigException.class).hasMessage("taly: unknown key; did you mean 'tally'?");
    }

    @Test
    void itsModuleIsInstalledAndItsListenerHearsCompletedCalls() throws Exception {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start()) {
            GatewayConfig config = parse(config(upstream.baseUrl(), "tally: { label: speech-bill }\n"));
            try (RunningPrism prism = RunningPrism.start(config)) {
                HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", KEY,
                        "{\"model\":\"tts-1\",\"input\":\"counted\",\"voice\":\"alloy\"}");

                assertThat(response.statusCode()).isEqualTo(200);
                Tally tally = prism.component(Tally.class);
                CompletedCall heard = tally.next(Duration.ofSeconds(10));
                assertThat(heard).as("a completed call").isNotNull();
                assertThat(heard.keyName()).contains("tallied");
                assertThat(heard.alias()).contains("tts-1");
                assertThat(tally.label()).isEqualTo("speech-bill");
                assertThat(new Banner(config, prism.server(), Path.of("prism.yaml"), null).render(0))
                        .contains("tally:     counting calls as speech-bill").contains("cache:     off");
            }
        }
    }

    @Test
    void whenItsSectionLeavesItOffNothingOfItIsWiredNorShown() {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
                RunningPrism prism = RunningPrism.start(parse(config(upstream.baseUrl(), "")))) {
            // No binding of its own: Guice cannot make one either (the constructor takes a label).
            assertThatThrownBy(() -> prism.component(Tally.class)).isInstanceOf(ConfigurationException.class);
            assertThat(new Banner(prism.server().component(GatewayConfig.class), prism.server(), Path.of("prism.yaml"),
                    null).render(0)).doesNotContain("tally:").contains("cache:     off");
        }
    }
}
