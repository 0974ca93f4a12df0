package dev.prism.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.spi.ImageGeneration;
import dev.prism.spi.ProviderFactory;
import dev.prism.spi.SpeechSynthesis;
import dev.prism.spi.Transcription;
import dev.prism.spi.Translation;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MockProviderFactoryTest {
    private final MockProviderFactory factory = new MockProviderFactory();

    @Test
    void isFoundByTheServiceLoaderAsTypeMock() {
        assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(found -> {
                    assertThat(found).isInstanceOf(MockProviderFactory.class);
                    assertThat(found.type()).isEqualTo("mock");
                });
    }

    @Test
    void isPricedLikeOpenAiWhoseModelsItServes() {
        assertThat(factory.priceList(FakeProviderConfig.named("demo"))).contains("openai");
    }

    @Test
    void needsNoSecrets() {
        assertThat(factory.secretKeys()).isEmpty();
    }

    @Test
    void providerIsNamedAsConfiguredAndOffersEveryCapability() {
        MockProvider provider = factory.create(FakeProviderConfig.named("demo"), FakeProviderContext.create());

        assertThat(provider.name()).isEqualTo("demo");
        assertThat(provider).isInstanceOf(SpeechSynthesis.class).isInstanceOf(Transcription.class)
                .isInstanceOf(Translation.class).isInstanceOf(ImageGeneration.class);
    }

    @Test
    void readsOnlyTheLatencySetting() {
        FakeProviderConfig config = FakeProviderConfig.named("demo");

        factory.create(config, FakeProviderContext.create());

        assertThat(config.readKeys()).containsExactly("latency");
    }

    @Test
    void negativeLatencyIsRejectedWithTheSettingsPath() {
        FakeProviderConfig config = new FakeProviderConfig("demo", Map.of("latency", Duration.ofMillis(-5)));

        assertThatThrownBy(() -> factory.create(config, FakeProviderContext.create()))
                .hasMessageStartingWith("providers.demo.latency: must not be negative");
    }

    @Test
    void latencyDelaysEveryAnswer() {
        Duration latency = Duration.ofMillis(150);
        MockProvider provider = factory.create(new FakeProviderConfig("slow", Map.of("latency", latency)),
                FakeProviderContext.create());

        long start = System.nanoTime();
        Requests.bytes(provider.generate(Requests.image("a dot", "256x256", "b64_json"), Requests.call("dall-e-2")));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(latency);
    }
}
