package dev.prism.provider.openai;

import dev.prism.api.Secret;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderConfig;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderFactory;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Type {@code openai}: OpenAI itself, or any server that speaks its API (Groq, LocalAI, vLLM,
 * Speaches, ...) through {@code base_url}.
 *
 * <p>Settings: {@code base_url} (default {@code https://api.openai.com/v1}), {@code api_key}
 * (optional for local servers), {@code organization}, {@code project}, {@code headers} (extra
 * headers for every call).
 *
 * <p>Calls to OpenAI itself (the default {@code base_url}, host {@code api.openai.com}) are priced
 * by Prism's {@code openai} price list; a compatible server elsewhere has its own prices, unknown
 * here, so its calls are unpriced unless the configuration prices them.
 */
public final class OpenAiProviderFactory implements ProviderFactory {
    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    private static final String OPENAI_HOST = "api.openai.com";

    @Override
    public String type() {
        return "openai";
    }

    @Override
    public Set<String> secretKeys() {
        return Set.of("api_key", "headers");
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
            throw config.invalid("base_url", "expected an http or https URL such as https://api.openai.com/v1");
        }
        Secret apiKey = config.secret("api_key").filter(k -> !k.isEmpty()).orElse(null);
        Map<String, String> headers = config.stringMap("headers");
        OpenAiEndpoint endpoint = new OpenAiEndpoint(config.name(), baseUrl, apiKey,
                config.string("organization").orElse(null), config.string("project").orElse(null), headers,
                context.http());
        return new OpenAiProvider(config.name(), endpoint);
    }

    @Override
    public Optional<String> priceList(ProviderConfig config) {
        String base = config.string("base_url").orElse(DEFAULT_BASE_URL);
        try {
            String host = URI.create(base).getHost();
            return host != null && host.toLowerCase(Locale.ROOT).equals(OPENAI_HOST) ? Optional.of("openai") : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
