package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeElevenLabsUpstream;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.RecordedRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The elevenlabs provider behind Prism's OpenAI endpoints, against a fake of ElevenLabs' API:
 * speech in OpenAI's formats, Scribe's timed words rendered by Prism as verbose_json and srt, and
 * an ElevenLabs target catching what a failing OpenAI target drops.
 */
class ElevenLabsIT {
    private static final String KEY = "sk-eleven-it";
    private static final String ELEVEN_KEY = "xi-upstream-secret-42";
    private static final String RACHEL = "21m00Tcm4TlvDq8ikWAM";

    private static FakeElevenLabsUpstream elevenLabs;
    private static FakeOpenAiUpstream openAi;
    private static RunningPrism prism;

    @BeforeAll
    static void start() {
        elevenLabs = FakeElevenLabsUpstream.start(ELEVEN_KEY);
        openAi = FakeOpenAiUpstream.start();
        prism = RunningPrism.start("""
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  eleven:
                    type: elevenlabs
                    base_url: %s
                    api_key: %s
                    voices: { alloy: %s }
                    retry: { max_attempts: 1 }
                  openai:
                    type: openai
                    base_url: %s
                    api_key: sk-openai-upstream
                    retry: { max_attempts: 1 }
                    circuit_breaker: { failure_threshold: 1000 }
                models:
                  tts-1: { targets: [ { provider: eleven, model: eleven_flash_v2_5 } ] }
                  whisper-1: { targets: [ { provider: eleven, model: scribe_v1 } ] }
                  translate-1: { targets: [ { provider: eleven, model: scribe_v1 } ] }
                  tts-fallback: { targets: [ { provider: openai, model: tts-1 }, { provider: eleven, model: eleven_flash_v2_5 } ] }
                  tts-eleven-first: { targets: [ { provider: eleven, model: eleven_flash_v2_5 }, { provider: openai, model: tts-1 } ] }
                  tts-eleven-twice: { targets: [ { provider: eleven, model: eleven_flash_v2_5 }, { provider: eleven, model: eleven_multilingual_v2 } ] }
                keys:
                  - { name: ops, key: %s }
                """.formatted(elevenLabs.baseUrl(), ELEVEN_KEY, RACHEL, openAi.baseUrl(), KEY));
    }

    @AfterAll
    static void stop() {
        prism.close();
        openAi.close();
        elevenLabs.close();
    }

    @BeforeEach
    void forget() {
        elevenLabs.reset();
        openAi.reset();
    }

    private static HttpResponse<byte[]> speech(String model, String format) {
        return prism.postJson("/v1/audio/speech", KEY, "{\"model\":\"" + model
                + "\",\"input\":\"Hello from Prism\",\"voice\":\"alloy\",\"response_format\":\"" + format + "\"}");
    }

    private static HttpResponse<byte[]> transcribe(String format) {
        Form form = Form.create().field("model", "whisper-1").field("response_format", format);
        if (format.equals("verbose_json")) {
            form.field("timestamp_granularities[]", "word").field("timestamp_granularities[]", "segment");
        }
        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", KEY, form
                .file("speech.wav", "audio/wav", AudioBytes.wav(24_000)));
        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        return response;
    }

    @Test
    void mp3SpeechComesFromElevenLabsStreamingEndpointWithTheMappedVoice() {
        HttpResponse<byte[]> response = speech("tts-1", "mp3");

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("audio/mpeg");
        assertThat(response.body()).isEqualTo(FakeElevenLabsUpstream.speechBytes("mp3_44100_128", "Hello from Prism"));
        RecordedRequest sent = elevenLabs.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/text-to-speech/" + RACHEL + "/stream");
        assertThat(sent.header("xi-api-key")).hasValue(ELEVEN_KEY);
        assertThat(sent.json()).containsEntry("model_id", "eleven_flash_v2_5");
    }

    @Test
    void wavSpeechIsElevenLabsPcmBehindAWavHeader() {
        HttpResponse<byte[]> response = speech("tts-1", "wav");

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("audio/wav");
        assertThat(new String(response.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(Arrays.copyOfRange(response.body(), 44, response.body().length))
                .isEqualTo(FakeElevenLabsUpstream.speechBytes("pcm_24000", "Hello from Prism"));
        assertThat(FakeElevenLabsUpstream.query(elevenLabs.lastRequest())).containsEntry("output_format", "pcm_24000");
    }

    @Test
    void aacHasNoElevenLabsEquivalentAndIsA400NamingResponseFormat() {
        JsonNode error = OpenAiErrors.assertError(speech("tts-1", "aac"), 400);

        assertThat(error.get("param").asText()).isEqualTo("response_format");
        assertThat(error.get("message").asText()).contains("aac");
        assertThat(elevenLabs.requests()).isEmpty();
    }

    @Test
    void verboseJsonIsRenderedByPrismFromScribesWords() {
        JsonNode verbose = OpenAiErrors.json(transcribe("verbose_json").body());

        assertThat(verbose.get("text").asText()).isEqualTo("Hello there. How are you?");
        assertThat(verbose.get("language").asText()).isEqualTo("english");
        assertThat(verbose.get("duration").asDouble()).isCloseTo(FakeElevenLabsUpstream.AUDIO_SECONDS, within(1e-9));
        assertThat(verbose.get("segments").findValuesAsText("text")).containsExactly("Hello there.", "How are you?");
        assertThat(verbose.get("words").findValuesAsText("word")).containsExactlyElementsOf(
                FakeElevenLabsUpstream.TRANSCRIPT_WORDS);
        assertThat(verbose.get("usage").get("seconds").asDouble()).isCloseTo(4.25, within(1e-9));
        RecordedRequest sent = elevenLabs.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/speech-to-text");
        assertThat(sent.form().field("model_id")).hasValue("scribe_v1");
    }

    @Test
    void srtHasOneCuePerSentenceScribeTimed() {
        String srt = new String(transcribe("srt").body(), StandardCharsets.UTF_8);

        assertThat(srt).isEqualTo("""
                1
                00:00:00,100 --> 00:00:01,000
                Hello there.

                2
                00:00:02,500 --> 00:00:03,900
                How are you?

                """);
    }

    @Test
    void translationIsNotSomethingScribeDoes() {
        HttpResponse<byte[]> response = prism.postForm("/v1/audio/translations", KEY, Form.create()
                .field("model", "translate-1").file("speech.wav", "audio/wav", AudioBytes.wav(24_000)));

        assertThat(OpenAiErrors.assertError(response, 400).get("param").asText()).isEqualTo("model");
        assertThat(elevenLabs.requests()).isEmpty();
    }

    @Test
    void aFormatElevenLabsCannotMakeGoesToTheNextTargetThatCan() {
        HttpResponse<byte[]> response = speech("tts-eleven-first", "aac");

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("openai");
        assertThat(response.headers().firstValue("content-type")).hasValue("audio/aac");
        assertThat(elevenLabs.requests()).isEmpty();
        assertThat(openAi.requests("/audio/speech")).hasSize(1);
    }

    @Test
    void aFormatNoTargetCanMakeIsTheRefusalNamingTheParam() {
        JsonNode error = OpenAiErrors.assertError(speech("tts-eleven-twice", "aac"), 400);

        assertThat(error.get("param").asText()).isEqualTo("response_format");
        assertThat(elevenLabs.requests()).isEmpty();
    }

    @Test
    void anOpenAiTargetFailingWith500FallsBackToElevenLabsInOpenAisFormat() {
        openAi.always("/audio/speech", Answer.error(500, "The server had an error"));

        HttpResponse<byte[]> response = speech("tts-fallback", "mp3");

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("eleven");
        assertThat(response.headers().firstValue("content-type")).hasValue("audio/mpeg");
        assertThat(response.body()).isEqualTo(FakeElevenLabsUpstream.speechBytes("mp3_44100_128", "Hello from Prism"));
        assertThat(openAi.requests("/audio/speech")).hasSize(1);
    }

    @Test
    void aRefusedElevenLabsKeyIsA502ThatNeverShowsTheKey() {
        elevenLabs.next("/v1/text-to-speech/" + RACHEL + "/stream",
                FakeElevenLabsUpstream.error(401, "invalid_api_key", "Invalid API key: " + ELEVEN_KEY));

        HttpResponse<byte[]> response = speech("tts-1", "mp3");

        OpenAiErrors.assertError(response, 502);
        assertThat(OpenAiErrors.body(response)).doesNotContain(ELEVEN_KEY);
    }
}
