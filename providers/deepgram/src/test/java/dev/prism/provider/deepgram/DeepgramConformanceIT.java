package dev.prism.provider.deepgram;

import dev.prism.api.MediaRequest;
import dev.prism.api.Operation;
import dev.prism.api.SpeechRequest;
import dev.prism.api.UsageUnit;
import dev.prism.conformance.ProviderConformance;
import dev.prism.conformance.UpstreamFake;
import dev.prism.spi.ProviderFactory;
import dev.prism.testkit.FakeDeepgram;
import java.util.Set;

/**
 * The {@code deepgram} provider passes the conformance kit against {@link FakeDeepgram}. Deepgram
 * does not translate (the provider is no {@code Translation}, so those checks are skipped), nor
 * produce {@code diarized_json} (the kit's default transcript formats leave it out).
 */
class DeepgramConformanceIT extends ProviderConformance {
    @Override
    protected ProviderFactory factory() {
        return new DeepgramProviderFactory();
    }

    @Override
    protected UpstreamFake startUpstream() {
        return DeepgramUpstreamFake.start(API_KEY);
    }

    @Override
    protected String providerConfig(UpstreamFake upstream) {
        return "base_url: " + upstream.baseUrl() + "\napi_key: " + API_KEY + "\n";
    }

    @Override
    protected String upstreamModel(Operation operation) {
        return operation == Operation.SPEECH ? FakeDeepgram.AURA_MODEL : "nova-3";
    }

    /** Aura bills characters ({@code dg-char-count}); a transcript carries its audio's duration. */
    @Override
    protected Set<UsageUnit> reportedUsage(MediaRequest request) {
        return request instanceof SpeechRequest ? Set.of(UsageUnit.CHARACTERS) : Set.of(UsageUnit.AUDIO_SECONDS);
    }
}
