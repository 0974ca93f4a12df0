package dev.prism.provider.azure;

import dev.prism.api.Secret;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderConfig;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderFactory;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Type {@code azure-openai}: an Azure OpenAI resource, called deployment style:
 * {@code {base_url}/openai/deployments/{deployment}/{operation}?api-version=...}, where a target's
 * model is the deployment's name.
 *
 * <p>Settings: {@code base_url} (the resource's endpoint, required), {@code api_key} (sent as the
 * {@code api-key} header, required), {@code api_version} (default {@link #DEFAULT_API_VERSION}:
 * speech is not in the dated GA versions).
 *
 * <p>Priced by the {@code azure-openai} price list, keyed like OpenAI's by model name: a
 * deployment named after its model takes that model's price; any other deployment is priced in
 * the configuration's {@code pricing} section (docs/providers/azure-openai.md).
 */
public final class AzureOpenAiProviderFactory implements ProviderFactory {
    static final String DEFAULT_API_VERSION = "2025-04-01-preview";

    @Override
    public String type() {
        return "azure-openai";
    }

    @Override
    public Set<String> secretKeys() {
        return Set.of("api_key");
    }

    @Override
    public Provider create(ProviderConfig config, ProviderContext context) {
        String base = config.string("base_url")
                .orElseThrow(() -> config.invalid("base_url", "is required: the resource's endpoint, such as "
                        + "https://my-resource.openai.azure.com"));
        URI baseUrl;
        try {
            baseUrl = URI.create(base.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw config.invalid("base_url", "not a URL: " + base);
        }
        if (baseUrl.getScheme() == null || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))
                || baseUrl.getHost() == null || baseUrl.getRawQuery() != null) {
            throw config.invalid("base_url", "expected an http or https URL such as https://my-resource.openai.azure.com");
        }
        if (baseUrl.getPath().endsWith("/openai") || baseUrl.getPath().contains("/openai/")) {
            throw config.invalid("base_url", "expected the resource's endpoint without /openai "
                    + "(Prism adds /openai/deployments/{deployment}/...)");
        }
        Secret apiKey = config.secret("api_key").filter(k -> !k.isEmpty())
                .orElseThrow(() -> config.invalid("api_key", "is required: the resource's key, sent as the api-key header"));
        String apiVersion = config.string("api_version").orElse(DEFAULT_API_VERSION);
        if (!apiVersion.matches("[A-Za-z0-9.-]{1,40}")) {
            throw config.invalid("api_version", "expected a version such as " + DEFAULT_API_VERSION);
        }
        AzureEndpoint endpoint = new AzureEndpoint(config.name(), baseUrl, apiKey, apiVersion, context.http());
        return new AzureOpenAiProvider(config.name(), endpoint);
    }

    @Override
    public Optional<String> priceList(ProviderConfig config) {
        return Optional.of("azure-openai");
    }
}
