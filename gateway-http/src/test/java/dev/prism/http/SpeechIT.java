package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static dev.prism.http.UpstreamConfig.PROVIDER;
import static dev.prism.http.UpstreamConfig.UPSTREAM_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.RecordedRequest;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /v1/audio/speech} over real sockets, against a fake OpenAI. */
class SpeechIT extends AgainstFakeUpstream {
    @Test
    void speechBytesPassThroughUnchanged() {
        HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY,
                "{\"model\":\"tts-1\",\"input\":\"Hello there\",\"voice\":\"alloy\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(FakeOpenAiUpstream.speechBytes("mp3", "Hello there"));
        assertThat(response.headers().firstValue("content-type")).hasValue("audio/mpeg");
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue(PROVIDER);
        assertThat(response.headers().firstValue("x-prism-attempts")).hasValue("1");
    }

    @ParameterizedTest
    @CsvSource({"mp3, audio/mpeg", "opus, audio/opus", "aac, audio/aac", "flac, audio/flac", "wav, audio/wav",
            "pcm, audio/pcm"})
    void speechContentTypeIsTheRequestedFormatsWhateverTheUpstreamSays(String format, String contentType) {
        byte[] audio = ("some " + format + " bytes").getBytes(StandardCharsets.UTF_8);
        upstream.next("/audio/speech", Answer.bytes(200, "application/octet-stream", audio));

        HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY,
                "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"response_format\":\"" + format + "\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(contentType);
        assertThat(response.body()).isEqualTo(audio);
        assertThat(upstream.lastRequest().json()).containsEntry("response_format", format);
    }

    @Test
    void upstreamReceivesTheTargetsModelAndEveryFieldAsSent() {
        HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY, """
                {"model":"my-voice","input":"Speak softly","voice":"coral","response_format":"wav",
                 "instructions":"Whisper, please.","speed":1.5,
                 "future_param":{"nested":[1,"two",true]},"another_new_flag":true}""");

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest sent = upstream.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/audio/speech");
        assertThat(sent.header("Authorization")).hasValue("Bearer " + UPSTREAM_SECRET);
        assertThat(sent.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        Map<String, Object> body = sent.json();
        assertThat(body).containsEntry("model", "gpt-4o-mini-tts")
                .containsEntry("input", "Speak softly")
                .containsEntry("voice", "coral")
                .containsEntry("response_format", "wav")
                .containsEntry("instructions", "Whisper, please.")
                .containsEntry("another_new_flag", true)
                .containsEntry("future_param", Map.of("nested", List.of(BigDecimal.ONE, "two", true)));
        assertThat((BigDecimal) body.get("speed")).isEqualByComparingTo("1.5");
    }

    @Test
    void customVoiceObjectReachesTheUpstreamAsAnObject() {
        HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY,
                "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"Hi\",\"voice\":{\"id\":\"voice_1234\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.lastRequest().json()).containsEntry("voice", Map.of("id", "voice_1234"))
                .containsEntry("model", "gpt-4o-mini-tts");
    }

    @Test
    void clientRequestIdIsEchoedNeverTheUpstreams() {
        HttpResponse<byte[]> response = prism.send(prism.request("/v1/audio/speech", ADMIN_KEY)
                .header("Content-Type", "application/json").header("x-request-id", "client-req-42")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("x-request-id")).containsExactly("client-req-42");
    }

    @Test
    void requestIdIsGeneratedWhenTheClientSendsNone() {
        HttpResponse<byte[]> first = prism.postJson("/v1/audio/speech", ADMIN_KEY,
                "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}");
        HttpResponse<byte[]> second = prism.postJson("/v1/audio/speech", ADMIN_KEY,
                "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}");

        String id = first.headers().firstValue("x-request-id").orElseThrow();
        assertThat(id).isNotBlank().doesNotStartWith("req_upstream_");
        assertThat(first.headers().allValues("x-request-id")).hasSize(1);
        assertThat(second.headers().firstValue("x-request-id")).isPresent().get().isNotEqualTo(id);
    }

    @Test
    void aRequestIdThatIsNotSaneIsReplaced() {
        HttpResponse<byte[]> response = prism.send(prism.request("/v1/audio/speech", ADMIN_KEY)
                .header("Content-Type", "application/json").header("x-request-id", "bad id with spaces")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}"))
                .build());

        assertThat(response.headers().firstValue("x-request-id")).isPresent().get()
                .isNotEqualTo("bad id with spaces");
    }

    @Test
    void errorsCarryTheRequestIdToo() {
        HttpResponse<byte[]> response = prism.send(prism.request("/v1/audio/speech", ADMIN_KEY)
                .header("Content-Type", "application/json").header("x-request-id", "client-req-err")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"nope\",\"input\":\"Hi\",\"voice\":\"alloy\"}"))
                .build());

        JsonNode error = OpenAiErrors.assertError(response, 404);
        assertThat(error.get("code").asText()).isEqualTo("model_not_found");
        assertThat(response.headers().firstValue("x-request-id")).hasValue("client-req-err");
    }
}
