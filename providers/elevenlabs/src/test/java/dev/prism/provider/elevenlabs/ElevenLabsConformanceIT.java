package dev.prism.provider.elevenlabs;

import dev.prism.api.AudioFormat;
import dev.prism.api.MediaRequest;
import dev.prism.api.Operation;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.UsageUnit;
import dev.prism.conformance.ProviderConformance;
import dev.prism.conformance.UpstreamFake;
import dev.prism.spi.ProviderFactory;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code elevenlabs} provider passes the conformance kit against {@code FakeElevenLabsUpstream}.
 * ElevenLabs makes no aac or flac, and Scribe does not translate (the provider is no
 * {@code Translation}, so those checks are skipped); Scribe diarizes, so {@code diarized_json} is checked.
 */
class ElevenLabsConformanceIT extends ProviderConformance {
    @Override
    protected ProviderFactory factory() {
        return new ElevenLabsProviderFactory();
    }

    @Override
    protected UpstreamFake startUpstream() {
        return ElevenLabsUpstreamFake.start(API_KEY);
    }

    @Override
    protected String providerConfig(UpstreamFake upstream) {
        return "base_url: " + upstream.baseUrl() + "\napi_key: " + API_KEY + "\nvoices:\n  alloy: "
                + ElevenLabsUpstreamFake.VOICE_ID + "\n";
    }

    @Override
    protected String upstreamModel(Operation operation) {
        return operation == Operation.SPEECH ? "eleven_multilingual_v2" : "scribe_v1";
    }

    @Override
    protected Set<AudioFormat> speechFormats() {
        return EnumSet.of(AudioFormat.MP3, AudioFormat.OPUS, AudioFormat.WAV, AudioFormat.PCM);
    }

    @Override
    protected Set<TranscriptFormat> transcriptFormats() {
        return EnumSet.allOf(TranscriptFormat.class);
    }

    /** ElevenLabs bills characters ({@code character-cost}); Scribe says how long the audio was. */
    @Override
    protected Set<UsageUnit> reportedUsage(MediaRequest request) {
        return request instanceof SpeechRequest ? Set.of(UsageUnit.CHARACTERS) : Set.of(UsageUnit.AUDIO_SECONDS);
    }
}
