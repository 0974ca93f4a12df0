package dev.prism.provider.mock;

import dev.prism.api.MediaResponse;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.api.Upload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Speech to text for the mock. The text says what it is and names the file by size and hash, so
 * the same file always gives the same transcript and different files visibly differ.
 */
final class MockTranscriber {
    private static final int HASH_PREFIX_LENGTH = 8;
    private static final String ENGLISH = "english";

    private final AudioDurationReader durations;

    MockTranscriber(AudioDurationReader durations) {
        this.durations = durations;
    }

    MediaResponse transcribe(TranscriptionRequest request) {
        Transcript transcript = new Transcript(Transcript.Task.TRANSCRIBE, languageName(request.language()),
                text("transcript", request.file()), durations.secondsOf(request.file()),
                temperatureOf(request.temperature()));
        if (request.stream()) {
            return new MediaResponse(request.contentType(), -1, new ChunkInputStream(TranscriptEvents.of(transcript)));
        }
        return answer(request.contentType(),
                TranscriptWriter.write(transcript, request.responseFormat(), request.timestampGranularities()));
    }

    MediaResponse translate(TranslationRequest request) {
        Transcript transcript = new Transcript(Transcript.Task.TRANSLATE, ENGLISH,
                text("translation", request.file()), durations.secondsOf(request.file()),
                temperatureOf(request.temperature()));
        return answer(request.contentType(), TranscriptWriter.write(transcript, request.responseFormat(), List.of()));
    }

    private static String text(String what, Upload file) {
        String hash = file.sha256();
        String prefix = hash.substring(0, Math.min(HASH_PREFIX_LENGTH, hash.length()));
        return "Mock " + what + " of " + file.size() + " bytes (sha256 " + prefix + ").";
    }

    /** The full English name of an ISO-639-1 code, as OpenAI reports languages: {@code de} is german. */
    private static String languageName(String code) {
        if (code == null || code.isBlank()) {
            return ENGLISH;
        }
        String name = Locale.of(code.trim()).getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT);
        return name.isEmpty() || name.equalsIgnoreCase(code.trim()) ? ENGLISH : name;
    }

    private static double temperatureOf(Double temperature) {
        return temperature == null || !Double.isFinite(temperature) ? 0 : temperature;
    }

    private static MediaResponse answer(String contentType, String body) {
        return MediaResponse.of(contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
