package dev.prism.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.Secret;
import dev.prism.spi.ProviderConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiProviderFactoryTest {
    private final OpenAiProviderFactory factory = new OpenAiProviderFactory();

    @Test
    void openAiItselfIsPricedByOpenAisList() {
        assertThat(factory.priceList(config(Map.of()))).contains("openai");
        assertThat(factory.priceList(config(Map.of("base_url", "https://api.openai.com/v1/")))).contains("openai");
        assertThat(factory.priceList(config(Map.of("base_url", "https://API.OpenAI.com/v1")))).contains("openai");
    }

    @Test
    void aCompatibleServerElsewhereNamesNoPriceList() {
        assertThat(factory.priceList(config(Map.of("base_url", "https://api.groq.com/openai/v1")))).isEmpty();
        assertThat(factory.priceList(config(Map.of("base_url", "http://127.0.0.1:8000/v1")))).isEmpty();
        // A look-alike host is not OpenAI.
        assertThat(factory.priceList(config(Map.of("base_url", "https://api.openai.com.example.net/v1")))).isEmpty();
    }

    private static ProviderConfig config(Map<String, String> settings) {
        return new ProviderConfig() {
            @Override
            public String name() {
                return "openai";
            }

            @Override
            public String type() {
                return "openai";
            }

            @Override
            public Optional<String> string(String key) {
                return Optional.ofNullable(settings.get(key));
            }

            @Override
            public Optional<Secret> secret(String key) {
                return Optional.empty();
            }

            @Override
            public Optional<Duration> duration(String key) {
                return Optional.empty();
            }

            @Override
            public Optional<Integer> integer(String key) {
                return Optional.empty();
            }

            @Override
            public Optional<Boolean> bool(String key) {
                return Optional.empty();
            }

            @Override
            public Map<String, String> stringMap(String key) {
                return Map.of();
            }

            @Override
            public RuntimeException invalid(String key, String message) {
                return new IllegalArgumentException(key + ": " + message);
            }
        };
    }
}
