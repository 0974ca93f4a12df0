package dev.prism.provider.openai;

import dev.prism.api.Secret;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderConfig;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderFactory;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Type {@code openai}: OpenAI itself, or any server that speaks its API (Groq, LocalAI, vLLM,
 * Speaches, ...) through {@code base_url}.
 *
 * <p>Settings: {@code base_url} (default {@code https://api.openai.com/v1}), {@code api_key}
 * (optional for local servers), {@code organization}, {@code project}, {@code headers} (extra
 * headers for every call).
 */
public final class OpenAiProviderFactory implements ProviderFactory {
    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

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
}
