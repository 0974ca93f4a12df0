package dev.prism.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.AudioFormat;
import dev.prism.api.AudioStream;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import org.junit.jupiter.api.Test;

/** What the host needs to wrap the mock's audio as speech events: chunks as encoded, and the usage. */
class MockSpeechEventsTest {
    private static final String INPUT = "The quick brown fox jumps over the lazy dog, twice over.";

    private final MockProvider provider =
            new MockProviderFactory().create(FakeProviderConfig.named("mock"), FakeProviderContext.create());

    @Test
    void sseSpeechStreamsTheSameAudioAsTheWholeAnswerWithUnknownLength() {
        AudioStream streamed = provider.synthesize(Requests.speechEvents(INPUT, AudioFormat.MP3),
                Requests.call("gpt-4o-mini-tts"));

        assertThat(streamed.contentLength()).isEqualTo(-1);
        assertThat(Requests.bytes(streamed)).isEqualTo(Requests.bytes(provider.synthesize(
                Requests.speech(INPUT, AudioFormat.MP3), Requests.call("tts-1"))));
    }

    @Test
    void usageCountsFourCharactersAnInputTokenAndTwentyFiveAudioTokensASecond() {
        AudioStream streamed = provider.synthesize(Requests.speechEvents(INPUT, AudioFormat.WAV),
                Requests.call("gpt-4o-mini-tts"));
        Requests.bytes(streamed);

        Usage usage = streamed.usage().get();
        assertThat(usage.amount(UsageUnit.INPUT_TOKENS)).hasValueSatisfying(tokens ->
                assertThat(tokens.intValue()).isEqualTo(14)); // 56 characters, four per token
        assertThat(usage.amount(UsageUnit.OUTPUT_TOKENS)).hasValueSatisfying(tokens ->
                assertThat(tokens.intValue()).isPositive());
    }
}
