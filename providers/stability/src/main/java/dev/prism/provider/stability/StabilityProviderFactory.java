package dev.prism.provider.stability;

import dev.prism.api.Secret;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderConfig;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderFactory;
import java.net.URI;
import java.util.Optional;

/**
 * Type {@code stability}: Stability AI's Stable Image API behind OpenAI's image generation endpoint.
 *
 * <p>Settings: {@code api_key} (required, sent as {@code Authorization: Bearer}), {@code base_url}
 * (default {@code https://api.stability.ai}, the host without {@code /v2beta}).
 */
public final class StabilityProviderFactory implements ProviderFactory {
    static final String DEFAULT_BASE_URL = "https://api.stability.ai";

    @Override
    public String type() {
        return "stability";
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
        if (baseUrl.getPath().contains("/v2beta")) {
            throw config.invalid("base_url", "give the host without /v2beta, such as " + DEFAULT_BASE_URL);
        }
        Secret apiKey = config.secret("api_key").filter(k -> !k.isEmpty())
                .orElseThrow(() -> config.invalid("api_key", "is required (Stability's API key, sent as a bearer token)"));
        return new StabilityProvider(config.name(), baseUrl, apiKey, context.http(), context.clock(), context.media());
    }

    /** Stability's published prices per image, converted from credits. */
    @Override
    public Optional<String> priceList(ProviderConfig config) {
        return Optional.of("stability");
    }
}
