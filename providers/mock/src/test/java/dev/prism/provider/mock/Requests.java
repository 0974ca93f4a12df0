package dev.prism.provider.mock;

import dev.prism.api.AudioFormat;
import dev.prism.api.AudioStream;
import dev.prism.api.ImageRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.api.Upload;
import dev.prism.api.Voice;
import dev.prism.spi.CallContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Requests as the gateway hands them to a provider, with defaults filled in. */
final class Requests {
    private Requests() {}

    static CallContext call(String upstreamModel) {
        return new CallContext("req-test", upstreamModel, Duration.ofSeconds(30));
    }

    static SpeechRequest speech(String input, AudioFormat format) {
        return new SpeechRequest("tts-1", input, Voice.named("alloy"), format, 1.0, null, false, false, Map.of());
    }

    static SpeechRequest speech(String input, AudioFormat format, double speed) {
        return new SpeechRequest("tts-1", input, Voice.named("alloy"), format, speed, null, false, false, Map.of());
    }

    static SpeechRequest speechEvents(String input, AudioFormat format) {
        return new SpeechRequest("gpt-4o-mini-tts", input, Voice.named("alloy"), format, 1.0, null, true, false,
                Map.of());
    }

    static SpeechRequest speechChunked(String input, AudioFormat format) {
        return new SpeechRequest("tts-1", input, Voice.named("alloy"), format, 1.0, null, false, true, Map.of());
    }

    static TranscriptionRequest transcription(Upload file, TranscriptFormat format, String... granularities) {
        return new TranscriptionRequest("whisper-1", file, null, null, format, null, List.of(granularities), false,
                List.of());
    }

    static TranscriptionRequest streamedTranscription(Upload file) {
        return new TranscriptionRequest("gpt-4o-transcribe", file, null, null, TranscriptFormat.JSON, null, List.of(),
                true, List.of());
    }

    static TranslationRequest translation(Upload file, TranscriptFormat format) {
        return new TranslationRequest("whisper-1", file, null, format, null, List.of());
    }

    static ImageRequest image(String prompt, String size, String responseFormat) {
        return image(prompt, size, responseFormat, 1);
    }

    static ImageRequest image(String prompt, String size, String responseFormat, int n) {
        return ImageRequest.builder("dall-e-2", prompt).n(n).size(size).responseFormat(responseFormat).build();
    }

    static byte[] bytes(MediaResponse response) {
        try (response) {
            return response.body().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(AudioStream audio) {
        try (audio) {
            return audio.audio().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(MediaResponse response) {
        return new String(bytes(response), StandardCharsets.UTF_8);
    }
}
