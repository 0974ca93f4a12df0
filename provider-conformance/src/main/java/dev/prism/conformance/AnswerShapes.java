package dev.prism.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.AudioStream;
import dev.prism.api.MediaResponse;
import dev.prism.api.ProviderAnswer;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Transcript;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a successful answer must look like for the host to pass it on (a {@link MediaResponse} in
 * OpenAI's wire format) or render it (a typed answer). Each check reads the answer to its end and
 * returns the usage a typed answer carries.
 */
final class AnswerShapes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerShapes() {}

    static InputStream body(ProviderAnswer answer) {
        return switch (answer) {
            case MediaResponse media -> media.body();
            case AudioStream audio -> audio.audio();
            case Transcript transcript -> throw new AssertionError("a transcript has no body to read");
        };
    }

    static Usage speech(SpeechRequest request, ProviderAnswer answer) throws IOException {
        switch (answer) {
            case MediaResponse media -> {
                assertThat(media.contentType()).as("content type of %s speech", request.responseFormat().wireName())
                        .startsWith(request.contentType());
                byte[] body = media.body().readAllBytes();
                assertThat(body).as("speech audio").isNotEmpty();
                if (request.sse()) {
                    assertThat(new String(body, StandardCharsets.UTF_8)).contains("speech.audio.delta");
                }
                return Usage.NONE;
            }
            case AudioStream audio -> {
                assertThat(audio.format()).as("the audio's format is the one asked for").isEqualTo(request.responseFormat());
                assertThat(audio.audio().readAllBytes()).as("speech audio").isNotEmpty();
                return audio.usage().get();
            }
            case Transcript transcript -> throw new AssertionError("a speech request was answered with a transcript");
        }
    }

    static Usage transcript(TranscriptFormat format, ProviderAnswer answer) throws IOException {
        switch (answer) {
            case Transcript transcript -> {
                assertThat(transcript.text()).as("the transcript's text").isNotBlank();
                return transcript.usage();
            }
            case MediaResponse media -> {
                assertThat(media.contentType()).as("content type of a %s transcript", format.wireName())
                        .isEqualTo(format.contentType());
                String body = new String(media.body().readAllBytes(), StandardCharsets.UTF_8);
                switch (format) {
                    case JSON -> assertThat(json(body).path("text").isTextual()).as("json has a text: %s", body).isTrue();
                    case VERBOSE_JSON -> {
                        JsonNode node = json(body);
                        assertThat(node.path("text").isTextual()).as("verbose_json has a text: %s", body).isTrue();
                        assertThat(node.path("language").isTextual()).as("verbose_json has a language: %s", body).isTrue();
                        assertThat(node.path("duration").isNumber()).as("verbose_json has a duration: %s", body).isTrue();
                        assertThat(node.path("segments").isArray()).as("verbose_json has segments: %s", body).isTrue();
                    }
                    case DIARIZED_JSON -> assertThat(json(body).path("segments").isArray())
                            .as("diarized_json has segments: %s", body).isTrue();
                    case TEXT -> assertThat(body).as("a text transcript").isNotBlank().doesNotStartWith("{");
                    case SRT -> assertThat(body).as("an srt transcript")
                            .containsPattern("(?m)^1\\r?\n\\d{2}:\\d{2}:\\d{2},\\d{3} --> \\d{2}:\\d{2}:\\d{2},\\d{3}");
                    case VTT -> assertThat(body).as("a vtt transcript").startsWith("WEBVTT")
                            .containsPattern("\\d{2}:\\d{2}\\.\\d{3} --> ");
                }
                return Usage.NONE;
            }
            case AudioStream audio -> throw new AssertionError("a transcription was answered with audio");
        }
    }

    /** @param wantsBase64 whether the request asked for {@code b64_json} */
    static Usage images(boolean wantsBase64, ProviderAnswer answer) throws IOException {
        if (!(answer instanceof MediaResponse media)) {
            throw new AssertionError("images have no typed answer: expected a MediaResponse, got " + answer);
        }
        assertThat(media.contentType()).as("content type of images").startsWith("application/json");
        String body = new String(media.body().readAllBytes(), StandardCharsets.UTF_8);
        JsonNode node = json(body);
        assertThat(node.path("created").isNumber()).as("images JSON has created: %.200s", body).isTrue();
        JsonNode data = node.path("data");
        assertThat(data.isArray() && !data.isEmpty()).as("images JSON has data[]: %.200s", body).isTrue();
        for (JsonNode image : data) {
            boolean inline = image.path("b64_json").isTextual();
            assertThat(inline || image.path("url").isTextual()).as("each image has b64_json or url: %.200s", body).isTrue();
            if (wantsBase64) {
                assertThat(inline).as("b64_json was asked for: %.200s", body).isTrue();
            }
        }
        return Usage.NONE;
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
