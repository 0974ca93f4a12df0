package dev.prism.provider.openai;

import dev.prism.api.MediaRequest;
import dev.prism.api.Operation;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.api.UsageUnit;
import dev.prism.conformance.OpenAiUpstreamFake;
import dev.prism.conformance.ProviderConformance;
import dev.prism.conformance.UpstreamFake;
import dev.prism.spi.ProviderFactory;
import java.util.Set;

/** The {@code openai} provider passes the conformance kit against the test kit's fake of OpenAI. */
class OpenAiConformanceIT extends ProviderConformance {
    @Override
    protected ProviderFactory factory() {
        return new OpenAiProviderFactory();
    }

    @Override
    protected UpstreamFake startUpstream() {
        return OpenAiUpstreamFake.start();
    }

    @Override
    protected String providerConfig(UpstreamFake upstream) {
        return "base_url: " + upstream.baseUrl() + "\napi_key: " + API_KEY + "\n";
    }

    @Override
    protected String upstreamModel(Operation operation) {
        return switch (operation) {
            case SPEECH -> "tts-1";
            case TRANSCRIPTION, TRANSLATION -> "whisper-1";
            case IMAGE, IMAGE_EDIT -> "gpt-image-1";
            case IMAGE_VARIATION -> "dall-e-2";
        };
    }

    /** What OpenAI's answers carry: seconds in a transcript's JSON, tokens with gpt-image-1's images; nothing with raw audio or text. */
    @Override
    protected Set<UsageUnit> reportedUsage(MediaRequest request) {
        return switch (request) {
            case TranscriptionRequest transcription -> jsonTranscript(transcription.responseFormat());
            case TranslationRequest translation -> jsonTranscript(translation.responseFormat());
            case dev.prism.api.ImageRequest image -> Set.of(UsageUnit.INPUT_TOKENS, UsageUnit.OUTPUT_TOKENS);
            // The edited images count as image tokens of input.
            case dev.prism.api.ImageEditRequest edit -> Set.of(UsageUnit.INPUT_TOKENS, UsageUnit.INPUT_IMAGE_TOKENS,
                    UsageUnit.OUTPUT_TOKENS);
            default -> Set.of();
        };
    }

    private static Set<UsageUnit> jsonTranscript(TranscriptFormat format) {
        return format == TranscriptFormat.JSON || format == TranscriptFormat.VERBOSE_JSON
                ? Set.of(UsageUnit.AUDIO_SECONDS) : Set.of();
    }
}
