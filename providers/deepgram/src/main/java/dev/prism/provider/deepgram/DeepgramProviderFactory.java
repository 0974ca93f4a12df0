package dev.prism.provider.deepgram;

import dev.prism.api.Secret;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderConfig;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderFactory;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Type {@code deepgram}: Deepgram's pre-recorded speech to text ({@code POST /v1/listen}) and Aura
 * text to speech ({@code POST /v1/speak}).
 *
 * <p>Settings: {@code api_key} (required, sent as {@code Authorization: Token ...}), {@code base_url}
 * (default {@code https://api.deepgram.com}; a regional host such as {@code https://api.eu.deepgram.com}
 * works the same), {@code voices} (OpenAI voice to Aura model, such as {@code alloy: aura-2-thalia-en}).
 *
 * <p>Calls are priced by the {@code deepgram} price list in this jar: Deepgram's published prices do
 * not depend on the host, and a regional host is still Deepgram.
 */
public final class DeepgramProviderFactory implements ProviderFactory {
    /** The configuration type of this provider. */
    public static final String TYPE = "deepgram";
    static final String DEFAULT_BASE_URL = "https://api.deepgram.com";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> secretKeys() {
        return Set.of("api_key");
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
        Secret apiKey = config.secret("api_key").filter(k -> !k.isEmpty())
                .orElseThrow(() -> config.invalid("api_key", "is required (Deepgram answers every call without one with 401)"));
        Map<String, String> voices = config.stringMap("voices");
        voices.forEach((voice, model) -> {
            if (model == null || model.isBlank()) {
                throw config.invalid("voices", "voice '" + voice + "' maps to no Aura model");
            }
        });
        DeepgramEndpoint endpoint = new DeepgramEndpoint(config.name(), baseUrl, apiKey, context.http());
        return new DeepgramProvider(config.name(), endpoint, voices);
    }

    @Override
    public Optional<String> priceList(ProviderConfig config) {
        return Optional.of("deepgram");
    }
}
