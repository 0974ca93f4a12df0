package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static dev.prism.http.UpstreamConfig.PROVIDER;
import static dev.prism.http.UpstreamConfig.UPSTREAM_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.MultipartForm;
import dev.prism.testkit.StreamedBody;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /v1/audio/transcriptions} and {@code /translations} over real sockets, against a fake OpenAI. */
class TranscriptionIT extends AgainstFakeUpstream {
    private static Form audioForm(String model) {
        return Form.create().field("model", model).file("speech.wav", "audio/wav", AudioBytes.wav(2000));
    }

    @ParameterizedTest
    @CsvSource({"json, application/json", "verbose_json, application/json", "text, text/plain; charset=utf-8",
            "srt, text/plain; charset=utf-8", "vtt, text/plain; charset=utf-8"})
    void transcriptionAnswersInEachResponseFormatWithItsContentType(String format, String contentType) {
        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                audioForm("whisper-1").field("response_format", format));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(contentType);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue(PROVIDER);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        switch (format) {
            case "json" -> assertThat(OpenAiErrors.json(response.body()).get("text").asText())
                    .isEqualTo(FakeOpenAiUpstream.TRANSCRIPT_TEXT);
            case "verbose_json" -> {
                JsonNode verbose = OpenAiErrors.json(response.body());
                assertThat(verbose.get("task").asText()).isEqualTo("transcribe");
                assertThat(verbose.get("duration").asDouble()).isPositive();
                assertThat(verbose.get("segments")).isNotEmpty();
            }
            case "text" -> assertThat(body).isEqualTo(FakeOpenAiUpstream.TRANSCRIPT_TEXT + "\n");
            case "srt" -> assertThat(body).startsWith("1\n00:00:00,000 --> ").contains(FakeOpenAiUpstream.TRANSCRIPT_TEXT);
            case "vtt" -> assertThat(body).startsWith("WEBVTT\n").contains(FakeOpenAiUpstream.TRANSCRIPT_TEXT);
            default -> throw new IllegalArgumentException(format);
        }
        assertThat(upstream.lastRequest().form().field("response_format")).hasValue(format);
    }

    @Test
    void textFormatsAreAnsweredAsPlainTextEvenWhenTheUpstreamLabelsThemOtherwise() {
        upstream.next("/audio/transcriptions", Answer.text(200, "application/octet-stream", "hello\n"));

        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                audioForm("whisper-1").field("response_format", "srt"));

        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
    }

    @Test
    void upstreamReceivesTheFileAndEveryFieldWithBracketNamesIntact() {
        byte[] audio = AudioBytes.wav(4000);
        Form form = Form.create().field("model", "my-transcriber").field("language", "en").field("prompt", "Names: Ada")
                .field("response_format", "verbose_json").field("temperature", "0.2")
                .field("timestamp_granularities[]", "word").field("timestamp_granularities[]", "segment")
                .field("chunking_strategy[type]", "server_vad").field("chunking_strategy[threshold]", "0.5")
                .field("include[]", "logprobs").field("known_speaker_names[]", "ada")
                .file("meeting.wav", "audio/wav", audio);

        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY, form);

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(OpenAiErrors.json(response.body()).get("words")).isNotEmpty();
        var sent = upstream.lastRequest();
        assertThat(sent.path()).isEqualTo("/audio/transcriptions");
        assertThat(sent.header("Authorization")).hasValue("Bearer " + UPSTREAM_SECRET);
        MultipartForm received = sent.form();
        assertThat(received.field("model")).hasValue("gpt-4o-mini-transcribe");
        assertThat(received.fields("model")).hasSize(1);
        assertThat(received.field("language")).hasValue("en");
        assertThat(received.field("prompt")).hasValue("Names: Ada");
        assertThat(received.field("temperature")).hasValue("0.2");
        assertThat(received.fields("timestamp_granularities[]")).containsExactly("word", "segment");
        assertThat(received.field("chunking_strategy[type]")).hasValue("server_vad");
        assertThat(received.field("chunking_strategy[threshold]")).hasValue("0.5");
        assertThat(received.fields("include[]")).containsExactly("logprobs");
        assertThat(received.fields("known_speaker_names[]")).containsExactly("ada");
        MultipartForm.Part file = received.file().orElseThrow();
        assertThat(file.filename()).isEqualTo("meeting.wav");
        assertThat(file.contentType()).isEqualTo("audio/wav");
        assertThat(file.bytes()).isEqualTo(audio);
    }

    @Test
    void aQuotedBoundaryAmongOtherParametersAndAnRfc8187FileNameAreRead() {
        byte[] audio = AudioBytes.wav(1000);
        String boundary = "b:1 2/3";
        byte[] head = ("preamble\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fallback.wav\"; "
                + "filename*=UTF-8''clip%20one.wav\r\nContent-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\nepilogue").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + audio.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(audio, 0, body, head.length, audio.length);
        System.arraycopy(tail, 0, body, head.length + audio.length, tail.length);

        HttpResponse<byte[]> response = prism.send(prism.request("/v1/audio/transcriptions", ADMIN_KEY)
                .header("Content-Type", "multipart/form-data; charset=utf-8; boundary=\"" + boundary + "\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        MultipartForm.Part file = upstream.lastRequest().form().file().orElseThrow();
        assertThat(file.filename()).isEqualTo("clip one.wav");
        assertThat(file.bytes()).isEqualTo(audio);
    }

    @Test
    void aFileWithoutANameReachesTheUpstreamNamedForItsFormat() {
        byte[] audio = AudioBytes.wav(1000);
        Form form = Form.create().field("model", "whisper-1").file(null, null, audio);

        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY, form);

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        MultipartForm.Part file = upstream.lastRequest().form().file().orElseThrow();
        assertThat(file.filename()).isEqualTo("audio.wav");
        assertThat(file.contentType()).isEqualTo("audio/wav");
        assertThat(file.bytes()).isEqualTo(audio);
    }

    @Test
    void aFileNamedOnlyAsOctetStreamGetsASniffedNameForMp3() {
        byte[] audio = AudioBytes.mp3(600);
        Form form = Form.create().field("model", "whisper-1").file(null, "application/octet-stream", audio);

        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY, form);

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        MultipartForm.Part file = upstream.lastRequest().form().file().orElseThrow();
        assertThat(file.filename()).isEqualTo("audio.mp3");
        assertThat(file.contentType()).isEqualTo("audio/mpeg");
    }

    @Test
    void transcriptionEventsPassThroughIntact() {
        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                audioForm("gpt-4o-transcribe").field("stream", "true"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        List<JsonNode> events = ServerSentEvents.data(response.body());
        assertThat(events.getLast().get("type").asText()).isEqualTo("transcript.text.done");
        assertThat(events.getLast().get("text").asText()).isEqualTo(FakeOpenAiUpstream.TRANSCRIPT_TEXT);
        assertThat(events.subList(0, events.size() - 1)).allSatisfy(
                e -> assertThat(e.get("type").asText()).isEqualTo("transcript.text.delta"));
        String joined = events.subList(0, events.size() - 1).stream().map(e -> e.get("delta").asText())
                .reduce("", String::concat);
        assertThat(joined).isEqualTo(FakeOpenAiUpstream.TRANSCRIPT_TEXT);
        assertThat(upstream.lastRequest().form().field("stream")).hasValue("true");
    }

    @Test
    void transcriptionEventStreamThatBreaksOffEndsWithAnErrorEvent() throws Exception {
        String delta = "data: {\"type\":\"transcript.text.delta\",\"delta\":\"The \"}\n\n";
        StreamedBody body = StreamedBody.create().send(delta);
        upstream.next("/audio/transcriptions", Answer.streamed("text/event-stream", body));
        Form form = audioForm("gpt-4o-transcribe").field("stream", "true");
        HttpRequest request = prism.request("/v1/audio/transcriptions", ADMIN_KEY)
                .header("Content-Type", form.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()))
                .build();

        HttpResponse<InputStream> response = Bounded.within(Bounded.WAIT,
                () -> prism.client().send(request, HttpResponse.BodyHandlers.ofInputStream()));
        try (InputStream in = response.body()) {
            assertThat(new String(Bounded.read(in, delta.length()), StandardCharsets.UTF_8)).isEqualTo(delta);
            body.breakOff();
            List<JsonNode> events = ServerSentEvents.data(Bounded.readAll(in));
            assertThat(events).singleElement().satisfies(e -> assertThat(e.get("error").get("message").asText()).isNotBlank());
        }
    }

    @ParameterizedTest
    @CsvSource({"json, application/json", "text, text/plain; charset=utf-8"})
    void translationAnswersWithTheUpstreamsText(String format, String contentType) {
        HttpResponse<byte[]> response = prism.postForm("/v1/audio/translations", ADMIN_KEY,
                audioForm("whisper-1").field("response_format", format).field("prompt", "English please"));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(contentType);
        String text = format.equals("json") ? OpenAiErrors.json(response.body()).get("text").asText()
                : new String(response.body(), StandardCharsets.UTF_8).strip();
        assertThat(text).isEqualTo(FakeOpenAiUpstream.TRANSLATION_TEXT);
        var sent = upstream.lastRequest();
        assertThat(sent.path()).isEqualTo("/audio/translations");
        assertThat(sent.form().field("model")).hasValue("whisper-1");
        assertThat(sent.form().field("prompt")).hasValue("English please");
        assertThat(sent.form().file().orElseThrow().filename()).isEqualTo("speech.wav");
    }
}
