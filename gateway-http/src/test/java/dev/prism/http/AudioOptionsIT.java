package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams.ChunkingStrategy.VadConfig;
import com.openai.models.audio.transcriptions.TranscriptionDiarized;
import com.openai.models.audio.transcriptions.TranscriptionInclude;
import com.openai.models.audio.transcriptions.TranscriptionStreamEvent;
import com.openai.models.audio.translations.TranslationCreateParams;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.MultipartForm;
import dev.prism.testkit.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The newer audio options reach the upstream exactly as the client sent them. Each test sends one
 * option with the official SDK twice, once straight to a fake OpenAI ({@code direct}) and once
 * through Prism to another ({@code upstream}), and compares what the two received: the same JSON, or
 * the same form fields with the same values in the same order. Options the SDK cannot send (the
 * JSON form of {@code chunking_strategy}, fields it does not know) go as raw HTTP.
 */
class AudioOptionsIT {
    private static final String KEY = "sk-audio-options-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] AUDIO = AudioBytes.wav(2000);
    private static final String SPEAKER_CLIP = "data:audio/wav;base64," + Base64.getEncoder().encodeToString(AudioBytes.wav(400));

    private static FakeOpenAiUpstream direct;
    private static FakeOpenAiUpstream upstream;
    private static RunningPrism prism;
    private static OpenAIClient viaPrism;
    private static OpenAIClient toOpenAi;

    @BeforeAll
    static void start() {
        direct = FakeOpenAiUpstream.start();
        upstream = FakeOpenAiUpstream.start();
        StringBuilder models = new StringBuilder();
        for (String model : List.of("tts-1", "gpt-4o-mini-tts", "gpt-4o-mini-tts-2025-12-15", "whisper-1",
                "gpt-4o-transcribe", "gpt-4o-mini-transcribe", "gpt-4o-transcribe-diarize")) {
            models.append("  ").append(model).append(": { targets: [ { provider: up } ], cache: false }\n");
        }
        prism = RunningPrism.start("""
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  up: { type: openai, base_url: "%s", api_key: sk-up, timeout: 10s, retry: { max_attempts: 1 } }
                models:
                %s  cached-tts: { targets: [ { provider: up, model: gpt-4o-mini-tts } ], cache: true }
                  cached-transcriber: { targets: [ { provider: up, model: gpt-4o-transcribe-diarize } ], cache: true }
                pricing:
                  up:
                    gpt-4o-mini-tts:
                      per_1m_tokens: { input_text: 0.60, output_audio: 12 }
                      estimate: { per_1k_characters: 0.015 }
                      source: "OpenAI's list, snapshots unlisted"
                keys:
                  - { name: options, key: %s }
                cache: { provider: ehcache, disk_mb: 0 }
                """.formatted(upstream.baseUrl(), models, KEY));
        viaPrism = client("http://127.0.0.1:" + prism.port() + "/v1");
        toOpenAi = client(direct.baseUrl());
    }

    private static OpenAIClient client(String baseUrl) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(KEY).maxRetries(0).timeout(Duration.ofSeconds(20))
                .build();
    }

    @AfterAll
    static void stop() {
        viaPrism.close();
        toOpenAi.close();
        prism.close();
        upstream.close();
        direct.close();
    }

    @BeforeEach
    void forget() {
        direct.reset();
        upstream.reset();
    }

    /** What the two fakes received when {@code call} ran once straight to one and once through Prism to the other. */
    private record Received(RecordedRequest direct, RecordedRequest throughPrism) {}

    private static Received sendBothWays(Consumer<OpenAIClient> call) {
        call.accept(toOpenAi);
        call.accept(viaPrism);
        return new Received(direct.lastRequest(), upstream.lastRequest());
    }

    private static void speech(OpenAIClient client, SpeechCreateParams params) {
        try (HttpResponse response = client.audio().speech().create(params)) {
            assertThat(response.statusCode()).isEqualTo(200);
            response.body().readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SpeechCreateParams.Builder speechParams(String model) {
        return SpeechCreateParams.builder().model(model).input("Say these options.").voice("alloy")
                .responseFormat(SpeechCreateParams.ResponseFormat.WAV);
    }

    private static TranscriptionCreateParams.Builder transcriptionParams(String model) {
        return TranscriptionCreateParams.builder().file(AUDIO).model(model);
    }

    private static JsonNode json(RecordedRequest request) {
        try {
            return JSON.readTree(request.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + request.bodyText(), e);
        }
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every text field as {@code name=value}, in order, repeats included. */
    private static List<String> textFields(RecordedRequest request) {
        MultipartForm form = request.form();
        return form.parts().stream().filter(p -> p.filename() == null && !p.name().equals("file"))
                .map(p -> p.name() + "=" + p.text()).toList();
    }

    /** The same JSON, member for member. */
    private static void assertSameJson(Received received) {
        assertThat(json(received.throughPrism())).isEqualTo(json(received.direct()));
    }

    /** The same text fields, values and order, and the same file bytes. */
    private static void assertSameForm(Received received) {
        assertThat(textFields(received.throughPrism())).isEqualTo(textFields(received.direct()));
        assertThat(received.throughPrism().form().file().orElseThrow().bytes())
                .isEqualTo(received.direct().form().file().orElseThrow().bytes());
    }

    // ---- speech ----

    @Test
    void speechInstructionsArriveAsSent() {
        Received received = sendBothWays(c -> speech(c, speechParams("gpt-4o-mini-tts")
                .instructions("Speak like a lighthouse keeper: calm, slow, \"warm\".").build()));

        assertSameJson(received);
        assertThat(json(received.throughPrism()).get("instructions").textValue())
                .isEqualTo("Speak like a lighthouse keeper: calm, slow, \"warm\".");
    }

    @Test
    void aCustomVoiceArrivesAsAnObjectWithItsId() {
        Received received = sendBothWays(c -> speech(c, speechParams("gpt-4o-mini-tts")
                .voice(SpeechCreateParams.Voice.Id.builder().id("voice_1234").build()).build()));

        assertSameJson(received);
        assertThat(json(received.throughPrism()).get("voice").toString()).isEqualTo("{\"id\":\"voice_1234\"}");
    }

    @Test
    void aVoiceNameArrivesAsAString() {
        Received received = sendBothWays(c -> speech(c, speechParams("gpt-4o-mini-tts").voice("marin").build()));

        assertSameJson(received);
        assertThat(json(received.throughPrism()).get("voice").textValue()).isEqualTo("marin");
    }

    @Test
    void aSnapshotModelNameArrivesAsSentAndCostsWhatItsModelCosts() {
        String input = "Snapshot " + UUID.randomUUID();
        Received received = sendBothWays(c -> speech(c, speechParams("gpt-4o-mini-tts-2025-12-15").input(input).build()));

        assertSameJson(received);
        assertThat(json(received.throughPrism()).get("model").textValue()).isEqualTo("gpt-4o-mini-tts-2025-12-15");
        String snapshotCost;
        try (var response = viaPrism.audio().speech().create(speechParams("gpt-4o-mini-tts-2025-12-15").input(input).build())) {
            snapshotCost = response.headers().values("x-prism-cost").stream().findFirst().orElseThrow();
        }
        String modelCost;
        try (var response = viaPrism.audio().speech().create(speechParams("gpt-4o-mini-tts").input(input).build())) {
            modelCost = response.headers().values("x-prism-cost").stream().findFirst().orElseThrow();
        }
        assertThat(snapshotCost).isEqualTo(modelCost);
        assertThat(new java.math.BigDecimal(snapshotCost)).isPositive();
    }

    @Test
    void unknownSpeechFieldsArriveUntouchedAndInOrder() {
        Received received = sendBothWays(c -> speech(c, speechParams("gpt-4o-mini-tts")
                .putAdditionalBodyProperty("zeta_option", JsonValue.from(Map.of("level", 3)))
                .putAdditionalBodyProperty("alpha_option", JsonValue.from(List.of("a", 1, true)))
                .putAdditionalBodyProperty("middle_option", JsonValue.from(0.25)).build()));

        assertSameJson(received);
        JsonNode sent = json(received.throughPrism());
        assertThat(sent.get("zeta_option").toString()).isEqualTo("{\"level\":3}");
        assertThat(sent.get("alpha_option").toString()).isEqualTo("[\"a\",1,true]");
        assertThat(sent.get("middle_option").toString()).isEqualTo("0.25");
        assertThat(fieldNames(sent)).containsSubsequence("zeta_option", "alpha_option", "middle_option");
    }

    @Test
    void unknownSpeechFieldsKeepTheClientsOrderOverRawHttp() throws Exception {
        String body = "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"Order\",\"voice\":\"alloy\",\"f5\":5,\"f1\":1,"
                + "\"f4\":{\"b\":2,\"a\":1},\"f2\":[3,2,1],\"f3\":\"three\"}";

        java.net.http.HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", KEY, body);

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        JsonNode sent = json(upstream.lastRequest());
        assertThat(fieldNames(sent)).containsSubsequence("f5", "f1", "f4", "f2", "f3");
        assertThat(sent.get("f4").toString()).isEqualTo("{\"b\":2,\"a\":1}");
        assertThat(sent.get("f2").toString()).isEqualTo("[3,2,1]");
    }

    // ---- transcriptions ----

    @Test
    void aTranscriptionStreamArrivesAsAskedAndItsEventsComeBackOneByOne() {
        List<TranscriptionStreamEvent> events = new ArrayList<>();
        try (StreamResponse<TranscriptionStreamEvent> stream = viaPrism.audio().transcriptions()
                .createStreaming(transcriptionParams("gpt-4o-transcribe").build())) {
            stream.stream().forEach(events::add);
        }
        try (StreamResponse<TranscriptionStreamEvent> stream = toOpenAi.audio().transcriptions()
                .createStreaming(transcriptionParams("gpt-4o-transcribe").build())) {
            stream.stream().count();
        }

        assertSameForm(new Received(direct.lastRequest(), upstream.lastRequest()));
        assertThat(upstream.lastRequest().form().field("stream")).hasValue("true");
        assertThat(events.getLast().isTranscriptTextDone()).isTrue();
        var done = events.getLast().asTranscriptTextDone();
        assertThat(done.text()).isEqualTo(FakeOpenAiUpstream.TRANSCRIPT_TEXT);
        assertThat(done.usage()).isPresent();
        String joined = events.stream().filter(TranscriptionStreamEvent::isTranscriptTextDelta)
                .map(e -> e.asTranscriptTextDelta().delta()).reduce("", String::concat);
        assertThat(joined).isEqualTo(FakeOpenAiUpstream.TRANSCRIPT_TEXT);
    }

    @Test
    void aDiarizedStreamArrivesAsSentAndItsSegmentEventsComeBack() {
        java.util.function.Supplier<TranscriptionCreateParams> params = () -> transcriptionParams("gpt-4o-transcribe-diarize")
                .responseFormat(AudioResponseFormat.DIARIZED_JSON).chunkingStrategyAuto().build();
        List<TranscriptionStreamEvent> events = new ArrayList<>();
        try (StreamResponse<TranscriptionStreamEvent> stream = viaPrism.audio().transcriptions().createStreaming(params.get())) {
            stream.stream().forEach(events::add);
        }
        try (StreamResponse<TranscriptionStreamEvent> stream = toOpenAi.audio().transcriptions().createStreaming(params.get())) {
            stream.stream().count();
        }

        assertSameForm(new Received(direct.lastRequest(), upstream.lastRequest()));
        assertThat(upstream.lastRequest().form().field("stream")).hasValue("true");
        assertThat(upstream.lastRequest().form().field("response_format")).hasValue("diarized_json");
        assertThat(events).hasSize(2);
        assertThat(events.getFirst().asTranscriptTextSegment().speaker()).isEqualTo("A");
        assertThat(events.getFirst().asTranscriptTextSegment().text()).isEqualTo(FakeOpenAiUpstream.TRANSCRIPT_TEXT);
        assertThat(events.getLast().asTranscriptTextDone().usage()).isPresent();
    }

    @Test
    void whisperAnswersJsonWhenAStreamWasAskedAndTheClientGetsJson() {
        java.net.http.HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", KEY,
                Form.create().field("model", "whisper-1").field("stream", "true").file("a.wav", "audio/wav", AUDIO));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(OpenAiErrors.json(response.body()).get("text").asText()).isEqualTo(FakeOpenAiUpstream.TRANSCRIPT_TEXT);
        assertThat(upstream.lastRequest().form().field("stream")).hasValue("true");
    }

    @Test
    void includeLogprobsArrivesAsAnArrayField() {
        Received received = sendBothWays(c -> c.audio().transcriptions().create(transcriptionParams("gpt-4o-transcribe")
                .addInclude(TranscriptionInclude.LOGPROBS).build()));

        assertSameForm(received);
        assertThat(received.throughPrism().form().fields("include[]")).containsExactly("logprobs");
    }

    @Test
    void chunkingStrategyAutoArrivesAsSent() {
        Received received = sendBothWays(c -> c.audio().transcriptions().create(transcriptionParams("gpt-4o-transcribe")
                .chunkingStrategyAuto().build()));

        assertSameForm(received);
        assertThat(received.throughPrism().form().field("chunking_strategy")).hasValue("auto");
    }

    @Test
    void aServerVadChunkingStrategyArrivesAsTheSdkSendsIt() {
        VadConfig vad = VadConfig.builder().type(VadConfig.Type.SERVER_VAD).threshold(0.6).prefixPaddingMs(300)
                .silenceDurationMs(500).build();
        Received received = sendBothWays(c -> c.audio().transcriptions().create(transcriptionParams("gpt-4o-transcribe")
                .chunkingStrategy(vad).build()));

        assertSameForm(received);
        assertThat(textFields(received.throughPrism())).anySatisfy(f -> assertThat(f).startsWith("chunking_strategy"));
    }

    @Test
    void aChunkingStrategySentAsJsonInOneFieldArrivesUntouched() {
        String vad = "{\"type\":\"server_vad\",\"threshold\":0.5,\"prefix_padding_ms\":300,\"silence_duration_ms\":200}";

        java.net.http.HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", KEY, Form.create()
                .field("model", "gpt-4o-transcribe").field("chunking_strategy", vad).file("a.wav", "audio/wav", AUDIO));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(textFields(upstream.lastRequest())).containsExactly("model=gpt-4o-transcribe", "chunking_strategy=" + vad);
    }

    @Test
    void aChunkingStrategySentAsBracketedSubFieldsArrivesUntouchedAndInOrder() {
        java.net.http.HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", KEY, Form.create()
                .field("chunking_strategy[type]", "server_vad").field("model", "gpt-4o-transcribe")
                .field("chunking_strategy[threshold]", "0.5").field("chunking_strategy[silence_duration_ms]", "200")
                .file("a.wav", "audio/wav", AUDIO));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(textFields(upstream.lastRequest())).containsExactly("chunking_strategy[type]=server_vad",
                "model=gpt-4o-transcribe", "chunking_strategy[threshold]=0.5", "chunking_strategy[silence_duration_ms]=200");
    }

    @Test
    void diarizationArrivesWithItsKnownSpeakersAndTheDiarizedAnswerComesBack() {
        String otherClip = SPEAKER_CLIP.substring(0, SPEAKER_CLIP.length() - 4) + "AAB=";
        // The SDK reads an upload once: each send needs params of its own.
        java.util.function.Supplier<TranscriptionCreateParams> params = () -> transcriptionParams("gpt-4o-transcribe-diarize")
                .responseFormat(AudioResponseFormat.DIARIZED_JSON).chunkingStrategyAuto()
                .addKnownSpeakerName("agent").addKnownSpeakerName("customer")
                .addKnownSpeakerReference(SPEAKER_CLIP).addKnownSpeakerReference(otherClip).build();
        Received received = sendBothWays(c -> c.audio().transcriptions().create(params.get()));

        assertSameForm(received);
        MultipartForm sent = received.throughPrism().form();
        assertThat(sent.field("model")).hasValue("gpt-4o-transcribe-diarize");
        assertThat(sent.field("response_format")).hasValue("diarized_json");
        assertThat(sent.fields("known_speaker_names[]")).containsExactly("agent", "customer");
        assertThat(sent.fields("known_speaker_references[]")).containsExactly(SPEAKER_CLIP, otherClip);
        TranscriptionDiarized diarized = viaPrism.audio().transcriptions().create(params.get()).asDiarized();
        assertThat(diarized.segments()).singleElement().satisfies(s -> assertThat(s.speaker()).isEqualTo("A"));
    }

    @Test
    void promptLanguageAndTemperatureArriveAsSent() {
        Received received = sendBothWays(c -> c.audio().transcriptions().create(transcriptionParams("gpt-4o-transcribe")
                .prompt("Names: Ada, Grace. Ünïcödé kept.").language("en").temperature(0.3).build()));

        assertSameForm(received);
        MultipartForm sent = received.throughPrism().form();
        assertThat(sent.field("prompt")).hasValue("Names: Ada, Grace. Ünïcödé kept.");
        assertThat(sent.field("language")).hasValue("en");
        assertThat(sent.field("temperature")).hasValue("0.3");
    }

    @Test
    void newerArrayFieldsTheSdkSendsArriveUntouchedAndInOrder() {
        Received received = sendBothWays(c -> c.audio().transcriptions().create(transcriptionParams("gpt-4o-transcribe")
                .addKeyword("Prism").addKeyword("Helidon").addLanguage("en").addLanguage("de").build()));

        assertSameForm(received);
        MultipartForm sent = received.throughPrism().form();
        assertThat(sent.fields("keywords[]")).containsExactly("Prism", "Helidon");
        assertThat(sent.fields("languages[]")).containsExactly("en", "de");
    }

    @Test
    void fieldsPrismDoesNotKnowArriveUntouchedAndInOrderOverRawHttp() {
        java.net.http.HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", KEY, Form.create()
                .field("brand_new[]", "b").field("model", "gpt-4o-transcribe").field("brand_new_scalar", "  spaced  ")
                .field("brand_new[]", "a").field("nested[deep][key]", "{\"json\": [1, 2]}")
                .file("a.wav", "audio/wav", AUDIO));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(textFields(upstream.lastRequest())).containsExactly("brand_new[]=b", "model=gpt-4o-transcribe",
                "brand_new_scalar=  spaced  ", "brand_new[]=a", "nested[deep][key]={\"json\": [1, 2]}");
    }

    // ---- translations ----

    @Test
    @SuppressWarnings("deprecation") // the SDK marks the translation API; clients still send it
    void translationFieldsArriveAsSent() {
        Received received = sendBothWays(c -> c.audio().translations().create(TranslationCreateParams.builder()
                .file(AUDIO).model("whisper-1").prompt("Ein Satz.").temperature(0.2)
                .responseFormat(TranslationCreateParams.ResponseFormat.VERBOSE_JSON)
                .putAdditionalBodyProperty("brand_new_option", JsonValue.from("kept")).build()));

        assertSameForm(received);
        MultipartForm sent = received.throughPrism().form();
        assertThat(sent.field("prompt")).hasValue("Ein Satz.");
        assertThat(sent.field("temperature")).hasValue("0.2");
        assertThat(sent.field("response_format")).hasValue("verbose_json");
        assertThat(sent.field("brand_new_option")).hasValue("kept");
    }

    // ---- the cache ----

    @Test
    void changingSpeechInstructionsOrTheVoiceIdMissesTheCache() {
        String input = "Cached " + UUID.randomUUID();
        String calm = "{\"model\":\"cached-tts\",\"input\":\"" + input + "\",\"voice\":{\"id\":\"voice_1\"},\"instructions\":\"Calm.\"}";

        assertThat(cacheStatus(prism.postJson("/v1/audio/speech", KEY, calm))).isEqualTo("MISS");
        assertThat(cacheStatus(prism.postJson("/v1/audio/speech", KEY, calm))).isEqualTo("HIT");
        assertThat(cacheStatus(prism.postJson("/v1/audio/speech", KEY, calm.replace("Calm.", "Cheerful.")))).isEqualTo("MISS");
        assertThat(cacheStatus(prism.postJson("/v1/audio/speech", KEY, calm.replace("voice_1", "voice_2")))).isEqualTo("MISS");
        assertThat(upstream.requests("/audio/speech")).hasSize(3);
    }

    @Test
    void changingAnyTranscriptionOptionMissesTheCache() {
        byte[] audio = AudioBytes.wav(1234);
        Form base = Form.create().field("model", "cached-transcriber").field("known_speaker_names[]", "agent")
                .field("known_speaker_names[]", "customer").field("known_speaker_references[]", SPEAKER_CLIP)
                .field("known_speaker_references[]", SPEAKER_CLIP + "AA").field("chunking_strategy", "auto")
                .file("a.wav", "audio/wav", audio);
        assertThat(cacheStatus(prism.postForm("/v1/audio/transcriptions", KEY, base))).isEqualTo("MISS");
        assertThat(cacheStatus(prism.postForm("/v1/audio/transcriptions", KEY, base))).isEqualTo("HIT");

        List<Form> changed = List.of(
                Form.create().field("model", "cached-transcriber").field("known_speaker_names[]", "customer")
                        .field("known_speaker_names[]", "agent").field("known_speaker_references[]", SPEAKER_CLIP)
                        .field("known_speaker_references[]", SPEAKER_CLIP + "AA").field("chunking_strategy", "auto")
                        .file("a.wav", "audio/wav", audio),
                Form.create().field("model", "cached-transcriber").field("known_speaker_names[]", "agent")
                        .field("known_speaker_names[]", "customer").field("known_speaker_references[]", SPEAKER_CLIP)
                        .field("known_speaker_references[]", SPEAKER_CLIP + "AA")
                        .field("chunking_strategy", "{\"type\":\"server_vad\"}").file("a.wav", "audio/wav", audio),
                Form.create().field("model", "cached-transcriber").field("known_speaker_names[]", "agent")
                        .field("known_speaker_names[]", "customer").field("known_speaker_references[]", SPEAKER_CLIP)
                        .field("known_speaker_references[]", SPEAKER_CLIP + "AA").field("chunking_strategy", "auto")
                        .field("include[]", "logprobs").file("a.wav", "audio/wav", audio),
                Form.create().field("model", "cached-transcriber").field("known_speaker_names[]", "agent")
                        .field("known_speaker_names[]", "customer").field("known_speaker_references[]", SPEAKER_CLIP)
                        .field("known_speaker_references[]", SPEAKER_CLIP + "AA").field("chunking_strategy", "auto")
                        .field("response_format", "diarized_json").file("a.wav", "audio/wav", audio));
        for (Form form : changed) {
            assertThat(cacheStatus(prism.postForm("/v1/audio/transcriptions", KEY, form))).isEqualTo("MISS");
        }
        assertThat(upstream.requests("/audio/transcriptions")).hasSize(1 + changed.size());
    }

    private static String cacheStatus(java.net.http.HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        return response.headers().firstValue("x-prism-cache").orElse("(none)");
    }
}
