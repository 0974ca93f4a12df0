package dev.prism.provider.azure;

import dev.prism.api.Operation;
import dev.prism.conformance.ProviderConformance;
import dev.prism.conformance.UpstreamFake;
import dev.prism.spi.ProviderFactory;

/**
 * The {@code azure-openai} provider passes the conformance kit against {@code FakeAzureOpenAi},
 * deployment style. No usage is required: the fake's answers carry none for the provider to report.
 */
class AzureOpenAiConformanceIT extends ProviderConformance {
    @Override
    protected ProviderFactory factory() {
        return new AzureOpenAiProviderFactory();
    }

    @Override
    protected UpstreamFake startUpstream() {
        return AzureUpstreamFake.start(API_KEY, this::upstreamModel);
    }

    @Override
    protected String providerConfig(UpstreamFake upstream) {
        return "base_url: " + upstream.baseUrl() + "\napi_key: " + API_KEY + "\n";
    }

    /** The deployment each operation goes to. */
    @Override
    protected String upstreamModel(Operation operation) {
        return switch (operation) {
            case SPEECH -> "tts";
            case TRANSCRIPTION, TRANSLATION -> "whisper";
            case IMAGE -> "dall-e-3";
            case IMAGE_EDIT, IMAGE_VARIATION -> "gpt-image-1";
        };
    }
}
