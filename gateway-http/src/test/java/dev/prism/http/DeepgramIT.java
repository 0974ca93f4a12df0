package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.config.ConfigLoader;
import dev.prism.testkit.FakeDeepgram;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Prism in front of a fake Deepgram, over real sockets: OpenAI's clients get OpenAI's formats,
 * rendered by Prism from Deepgram's answers, and Deepgram gets its own API.
 */
class DeepgramIT {
    private static final String KEY = "sk-deepgram-it";
    private static final String DEEPGRAM_KEY = "dg-upstream-secret-789";
    private static final String WRONG_DEEPGRAM_KEY = "dg-revoked-secret-000";
    private static final byte[] WAV = AudioBytes.wav(48_000);

    private static FakeDeepgram deepgram;
    private static RunningPrism prism;

    @BeforeAll
    static void start() {
        deepgram = FakeDeepgram.start(DEEPGRAM_KEY);
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  dg:
                    type: deepgram
                    base_url: %s
                    api_key: ${DEEPGRAM_API_KEY}
                    voices: { alloy: aura-2-thalia-en }
                    retry: { max_attempts: 1 }
                  dg-revoked:
                    type: deepgram
                    base_url: %1$s
                    api_key: %s
                    retry: { max_attempts: 1 }
                models:
                  whisper-1: { targets: [ { provider: dg, model: nova-3 } ] }
                  tts-1: { targets: [ { provider: dg, model: aura-2-zeus-en } ] }
                  revoked-whisper: { targets: [ { provider: dg-revoked, model: nova-3 } ] }
                keys:
                  - { name: ops, key: %s }
                """.formatted(deepgram.baseUrl(), WRONG_DEEPGRAM_KEY, KEY);
        prism = RunningPrism.start(new ConfigLoader(Map.of("DEEPGRAM_API_KEY", DEEPGRAM_KEY)::get).parse(yaml));
    }

    @AfterAll
    static void stop() {
        prism.close();
        deepgram.close();
    }

    @BeforeEach
    void forget() {
        deepgram.reset();
    }

    private static HttpResponse<byte[]> transcribe(String path, String model, String format, String... more) {
        Form form = Form.create().field("model", model).field("response_format", format);
        for (int i = 0; i + 1 < more.length; i += 2) {
            form.field(more[i], more[i + 1]);
        }
        return prism.postForm(path, KEY, form.file("speech.wav", "audio/wav", WAV));
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void textIsDeepgramsTranscriptAndDeepgramGotTheRawUploadWithItsQuery() {
        HttpResponse<byte[]> response = transcribe("/v1/audio/transcriptions", "whisper-1", "text", "language", "en");

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(text(response)).isEqualTo(FakeDeepgram.TRANSCRIPT + "\n");
        FakeDeepgram.Request sent = deepgram.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/listen");
        assertThat(sent.header("Authorization")).isEqualTo("Token " + DEEPGRAM_KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("audio/wav");
        assertThat(sent.body()).isEqualTo(WAV);
        assertThat(sent.query()).containsEntry("model", "nova-3").containsEntry("language", "en")
                .containsEntry("utterances", "true").containsEntry("smart_format", "true");
    }

    @Test
    void verboseJsonHasTheUtterancesAsSegmentsTheWordsAndTheDurationAsUsage() {
        HttpResponse<byte[]> response = transcribe("/v1/audio/transcriptions", "whisper-1", "verbose_json",
                "timestamp_granularities[]", "segment", "timestamp_granularities[]", "word");

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        JsonNode verbose = OpenAiErrors.json(response.body());
        assertThat(verbose.get("text").asText()).isEqualTo(FakeDeepgram.TRANSCRIPT);
        assertThat(verbose.get("language").asText()).isEqualTo("english");
        assertThat(verbose.get("duration").asDouble()).isEqualTo(FakeDeepgram.DURATION);
        assertThat(verbose.get("segments")).hasSize(2);
        assertThat(verbose.get("segments").get(1).get("text").asText()).isEqualTo("Good morning.");
        assertThat(verbose.get("segments").get(1).get("start").asDouble()).isEqualTo(2.0);
        assertThat(verbose.get("words")).hasSize(5);
        assertThat(verbose.get("words").get(2).get("word").asText()).isEqualTo("Prism.");
        assertThat(verbose.get("usage").get("type").asText()).isEqualTo("duration");
        assertThat(response.headers().firstValue("x-prism-usage")).hasValueSatisfying(
                usage -> assertThat(usage).startsWith("audio_seconds=3.5").doesNotContain("unpriced"));
        assertThat(response.headers().firstValue("x-prism-cost")).isPresent();
    }

    @Test
    void vttHasOneCuePerUtterance() {
        HttpResponse<byte[]> response = transcribe("/v1/audio/transcriptions", "whisper-1", "vtt");

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        assertThat(text(response)).isEqualTo("""
                WEBVTT

                00:00:00.080 --> 00:00:01.600
                Hello there, Prism.

                00:00:02.000 --> 00:00:03.100
                Good morning.

                """);
    }

    @Test
    void speechInMp3AndWavStreamsDeepgramsAudioForTheMappedVoice() {
        HttpResponse<byte[]> mp3 = prism.postJson("/v1/audio/speech", KEY,
                "{\"model\":\"tts-1\",\"input\":\"Hello\",\"voice\":\"alloy\",\"response_format\":\"mp3\"}");

        assertThat(mp3.statusCode()).as(text(mp3)).isEqualTo(200);
        assertThat(mp3.headers().firstValue("content-type")).hasValue("audio/mpeg");
        assertThat(new String(mp3.body(), 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo("ID3");
        assertThat(deepgram.lastRequest().path()).isEqualTo("/v1/speak");
        assertThat(deepgram.lastRequest().query()).containsEntry("model", "aura-2-thalia-en").containsEntry("encoding", "mp3");
        assertThat(deepgram.lastRequest().bodyText()).isEqualTo("{\"text\":\"Hello\"}");

        HttpResponse<byte[]> wav = prism.postJson("/v1/audio/speech", KEY,
                "{\"model\":\"tts-1\",\"input\":\"Hello\",\"voice\":\"echo\",\"response_format\":\"wav\"}");

        assertThat(wav.statusCode()).as(text(wav)).isEqualTo(200);
        assertThat(wav.headers().firstValue("content-type")).hasValue("audio/wav");
        assertThat(new String(wav.body(), 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("RIFF");
        assertThat(deepgram.lastRequest().query()).containsEntry("model", "aura-2-zeus-en")
                .containsEntry("encoding", "linear16").containsEntry("container", "wav").containsEntry("sample_rate", "24000");
    }

    @Test
    void aFormatDeepgramCannotProduceIsA400NamingResponseFormat() {
        HttpResponse<byte[]> response = transcribe("/v1/audio/transcriptions", "whisper-1", "diarized_json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(OpenAiErrors.json(response.body()).get("error").get("param").asText()).isEqualTo("response_format");
        assertThat(deepgram.requests()).isEmpty();
    }

    @Test
    void aTranslationIsA400NamingTheModel() {
        HttpResponse<byte[]> response = transcribe("/v1/audio/translations", "whisper-1", "json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(OpenAiErrors.json(response.body()).get("error").get("param").asText()).isEqualTo("model");
        assertThat(deepgram.requests()).isEmpty();
    }

    @Test
    void aRevokedKeyIsA502AndTheKeyIsInNoAnswerAndNoLog() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName() != null && record.getLoggerName().startsWith("com.sun.net.httpserver")) {
                    return; // the fake Deepgram's own server: it is handed the key by design
                }
                StringWriter line = new StringWriter();
                line.append(record.getLoggerName()).append(' ').append(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object parameter : record.getParameters()) {
                        line.append(' ').append(String.valueOf(parameter));
                    }
                }
                if (record.getThrown() != null) {
                    record.getThrown().printStackTrace(new PrintWriter(line));
                }
                logged.add(line.toString());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        Level previous = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
        HttpResponse<byte[]> response;
        try {
            response = transcribe("/v1/audio/transcriptions", "revoked-whisper", "json");
        } finally {
            root.removeHandler(capture);
            root.setLevel(previous);
        }

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(deepgram.lastRequest().header("Authorization")).isEqualTo("Token " + WRONG_DEEPGRAM_KEY);
        assertThat(text(response)).doesNotContain(WRONG_DEEPGRAM_KEY).doesNotContain(DEEPGRAM_KEY);
        assertThat(logged).as("something was logged at all").isNotEmpty();
        assertThat(logged).noneMatch(line -> line.contains(WRONG_DEEPGRAM_KEY)).noneMatch(line -> line.contains(DEEPGRAM_KEY));
    }
}
