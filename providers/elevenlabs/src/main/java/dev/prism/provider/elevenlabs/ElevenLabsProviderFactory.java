package dev.prism.provider.elevenlabs;

import dev.prism.api.Secret;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderConfig;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderFactory;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Type {@code elevenlabs}: ElevenLabs' text to speech and Scribe speech to text behind OpenAI's
 * speech and transcription endpoints.
 *
 * <p>Settings: {@code api_key} (required, sent as {@code xi-api-key}), {@code base_url} (default
 * {@code https://api.elevenlabs.io}; the US and data-residency hosts work the same), {@code voices}
 * (OpenAI voice names to ElevenLabs voice ids; a voice not in the map is sent as a voice id).
 */
public final class ElevenLabsProviderFactory implements ProviderFactory {
    static final String DEFAULT_BASE_URL = "https://api.elevenlabs.io";

    @Override
    public String type() {
        return "elevenlabs";
    }

    @Override
    public Provider create(ProviderConfig config, ProviderContext context) {
        String base = config.string("base_url").orElse(DEFAULT_BASE_URL);
        URI baseUrl;
        try {
            baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        } catch (IllegalArgumentException e) {
            throw config.invalid("base_url", "not a URL: " + base);
        }
        if (baseUrl.getScheme() == null || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))
                || baseUrl.getHost() == null) {
            throw config.invalid("base_url", "expected an http or https URL such as " + DEFAULT_BASE_URL);
        }
        if (baseUrl.getPath().endsWith("/v1")) {
            throw config.invalid("base_url", "give the host without /v1, such as " + DEFAULT_BASE_URL);
        }
        Secret apiKey = config.secret("api_key").filter(k -> !k.isEmpty())
                .orElseThrow(() -> config.invalid("api_key", "is required (ElevenLabs' xi-api-key)"));
        Map<String, String> voices = config.stringMap("voices");
        voices.forEach((name, id) -> {
            if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
                throw config.invalid("voices", "the voice id of '" + name + "' is not an ElevenLabs voice id: " + id);
            }
        });
        return new ElevenLabsProvider(config.name(), new ElevenLabsEndpoint(config.name(), baseUrl, apiKey, context.http()),
                voices);
    }

    /** ElevenLabs' published prices, whichever regional host is configured. */
    @Override
    public Optional<String> priceList(ProviderConfig config) {
        return Optional.of("elevenlabs");
    }
}
