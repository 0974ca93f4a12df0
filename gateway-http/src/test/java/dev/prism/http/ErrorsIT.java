package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static dev.prism.http.UpstreamConfig.PROVIDER;
import static dev.prism.http.UpstreamConfig.RESTRICTED_KEY;
import static dev.prism.http.UpstreamConfig.SLOW_PROVIDER;
import static dev.prism.http.UpstreamConfig.UPSTREAM_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.testkit.Answer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every error of docs/http-api.md: OpenAI's envelope with all four keys, the documented status and
 * code, and a request that fails validation never reaching the upstream.
 */
class ErrorsIT extends AgainstFakeUpstream {
    private static final String SPEECH = "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}";

    private static JsonNode refused(HttpResponse<byte[]> response, int status) {
        JsonNode error = OpenAiErrors.assertError(response, status);
        assertThat(upstream.requestCount()).as("requests that reached the upstream").isZero();
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        return error;
    }

    private static HttpResponse<byte[]> postBytes(String path, String contentType, byte[] body) {
        return prism.send(prism.request(path, ADMIN_KEY).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    @Nested
    class InvalidInput {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "/v1/audio/speech | {\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"speed\":\"fast\"} | speed",
                "/v1/audio/speech | {\"model\":\"tts-1\",\"input\":42,\"voice\":\"alloy\"} | input",
                "/v1/audio/speech | {\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":7} | voice",
                "/v1/images/generations | {\"prompt\":\"A cat\",\"n\":1.5} | n",
                "/v1/images/generations | {\"prompt\":\"A cat\",\"n\":true} | n",
                "/v1/images/generations | {\"prompt\":\"A cat\",\"n\":\"2\"} | n",
                "/v1/images/generations | {\"prompt\":\"A cat\",\"stream\":\"yes\"} | stream"})
        void wrongTypesAreRefusedNeverCoerced(String path, String json, String param) {
            JsonNode error = refused(prism.postJson(path, ADMIN_KEY, json), 400);

            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.get("param").asText()).isEqualTo(param);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"speed\":4.5} | speed",
                "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"speed\":0.1} | speed",
                "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"response_format\":\"ogg\"} | response_format",
                "{\"model\":\"tts-1\",\"voice\":\"alloy\"} | input",
                "{\"model\":\"tts-1\",\"input\":\"Hi\"} | voice",
                "{\"input\":\"Hi\",\"voice\":\"alloy\"} | model"})
        void invalidSpeechValuesAreRefused(String json, String param) {
            JsonNode error = refused(prism.postJson("/v1/audio/speech", ADMIN_KEY, json), 400);

            assertThat(error.get("param").asText()).isEqualTo(param);
        }

        @Test
        void theStreamingRouteRefusesServerSentEvents() {
            JsonNode error = refused(prism.postJson("/v1/audio/speech/stream", ADMIN_KEY,
                    "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"Hi\",\"voice\":\"alloy\",\"stream_format\":\"sse\"}"),
                    400);

            assertThat(error.get("param").asText()).isEqualTo("stream_format");
        }

        @Test
        void inputOverTheLimitIsRefused() {
            String input = "a".repeat(4097);
            JsonNode error = refused(prism.postJson("/v1/audio/speech", ADMIN_KEY,
                    "{\"model\":\"tts-1\",\"input\":\"" + input + "\",\"voice\":\"alloy\"}"), 400);

            assertThat(error.get("code").asText()).isEqualTo("string_above_max_length");
            assertThat(error.get("param").asText()).isEqualTo("input");
        }

        @Test
        void inputAtTheLimitIsServed() {
            HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY,
                    "{\"model\":\"tts-1\",\"input\":\"" + "é".repeat(4096) + "\",\"voice\":\"alloy\"}");

            assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        }

        @Test
        void malformedJsonIsRefused() {
            JsonNode error = refused(prism.postJson("/v1/audio/speech", ADMIN_KEY, "{\"model\":\"tts-1\","), 400);

            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        }

        @Test
        void duplicateKeysAreRefused() {
            refused(prism.postJson("/v1/audio/speech", ADMIN_KEY,
                    "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"voice\":\"echo\"}"), 400);
        }

        @Test
        void aBodyThatIsNotAnObjectIsRefused() {
            refused(prism.postJson("/v1/audio/speech", ADMIN_KEY, "[1,2,3]"), 400);
        }

        @Test
        void invalidUtf8IsRefused() {
            byte[] prefix = "{\"model\":\"tts-1\",\"voice\":\"alloy\",\"input\":\"".getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[prefix.length + 4];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            body[prefix.length] = (byte) 0xC3;
            body[prefix.length + 1] = (byte) 0x28;
            body[prefix.length + 2] = '"';
            body[prefix.length + 3] = '}';

            refused(postBytes("/v1/audio/speech", "application/json", body), 400);
        }

        @Test
        void brokenMultipartIsRefused() {
            String boundary = "b0undary";
            byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--"
                    + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\nRIFF")
                    .getBytes(StandardCharsets.UTF_8);

            refused(postBytes("/v1/audio/transcriptions", "multipart/form-data; boundary=" + boundary, body), 400);
        }

        @Test
        void aMultipartFormWithoutABoundaryIsRefused() {
            byte[] body = ("--b0undary\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--b0undary--\r\n")
                    .getBytes(StandardCharsets.UTF_8);

            JsonNode error = refused(postBytes("/v1/audio/transcriptions", "multipart/form-data; charset=utf-8", body), 400);

            assertThat(error.get("message").asText()).contains("no boundary");
        }

        @Test
        void aMultipartFormWithBareLfLineEndsIsRefused() {
            byte[] body = ("--b0undary\nContent-Disposition: form-data; name=\"model\"\n\nwhisper-1\n--b0undary\n"
                    + "Content-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\n\nRIFF\n--b0undary--\n")
                    .getBytes(StandardCharsets.UTF_8);

            JsonNode error = refused(postBytes("/v1/audio/transcriptions", "multipart/form-data; boundary=b0undary", body), 400);

            assertThat(error.get("param").asText()).isEqualTo("file");
        }

        @Test
        void aFormWithoutAFileIsRefused() {
            JsonNode error = refused(prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                    Form.create().field("model", "whisper-1")), 400);

            assertThat(error.get("param").asText()).isEqualTo("file");
        }

        @Test
        void timestampGranularitiesNeedVerboseJson() {
            JsonNode error = refused(prism.postForm("/v1/audio/transcriptions", ADMIN_KEY, Form.create()
                    .field("model", "whisper-1").field("timestamp_granularities[]", "word")
                    .file("a.wav", "audio/wav", AudioBytes.wav(100))), 400);

            assertThat(error.get("param").asText()).isEqualTo("timestamp_granularities");
        }

        @ParameterizedTest
        @CsvSource({
                "/v1/audio/transcriptions, response_format, text, json",
                "/v1/audio/transcriptions, model, whisper-1, whisper-1",
                "/v1/audio/transcriptions, chunking_strategy[type], auto, server_vad",
                "/v1/audio/translations, prompt, one, two"})
        void aFormFieldGivenTwiceIsRefusedUnlessItsNameEndsInBrackets(String path, String name, String first,
                String second) {
            // Which copy would count? The cache key and the upstream could each pick another.
            Form form = name.equals("model") ? Form.create() : Form.create().field("model", "whisper-1");
            JsonNode error = refused(prism.postForm(path, ADMIN_KEY, form.field(name, first).field(name, second)
                    .file("a.wav", "audio/wav", AudioBytes.wav(100))), 400);

            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.get("param").asText()).isEqualTo(name);
            assertThat(error.get("message").asText()).contains("'" + name + "'");
        }

        @Test
        void anUnknownTranscriptFormatIsRefused() {
            JsonNode error = refused(prism.postForm("/v1/audio/transcriptions", ADMIN_KEY, Form.create()
                    .field("model", "whisper-1").field("response_format", "xml")
                    .file("a.wav", "audio/wav", AudioBytes.wav(100))), 400);

            assertThat(error.get("param").asText()).isEqualTo("response_format");
            assertThat(error.get("code").asText()).isEqualTo("invalid_value");
        }
    }

    @Nested
    class Authentication {
        @Test
        void noKeyIs401WithoutACode() {
            HttpResponse<byte[]> response = prism.send(prism.request("/v1/audio/speech", null)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SPEECH)).build());

            JsonNode error = refused(response, 401);
            assertThat(error.get("code").isNull()).isTrue();
        }

        @Test
        void anUnknownKeyIs401AndIsNeverEchoed() {
            String wrongKey = "sk-live-this-is-a-real-looking-secret-123";
            JsonNode error = refused(prism.postJson("/v1/audio/speech", wrongKey, SPEECH), 401);

            assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
            assertThat(error.toString()).doesNotContain(wrongKey).doesNotContain("real-looking");
        }

        @Test
        void aKeyThatIsNotBearerIs401() {
            HttpResponse<byte[]> response = prism.send(prism.request("/v1/audio/speech", null)
                    .header("Authorization", "Basic " + ADMIN_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(SPEECH)).build());

            JsonNode error = refused(response, 401);
            assertThat(error.toString()).doesNotContain(ADMIN_KEY);
        }

        @Test
        void aModelTheKeyMayNotUseIs403() {
            JsonNode error = refused(prism.postJson("/v1/audio/speech", RESTRICTED_KEY,
                    "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"Hi\",\"voice\":\"alloy\"}"), 403);

            assertThat(error.get("code").asText()).isEqualTo("model_not_allowed");
            assertThat(error.get("param").asText()).isEqualTo("model");
        }
    }

    @Nested
    class NotFoundAndRefusedRequests {
        @Test
        void anUnknownModelIs404() {
            JsonNode error = refused(prism.postJson("/v1/audio/speech", ADMIN_KEY,
                    "{\"model\":\"tts-9\",\"input\":\"Hi\",\"voice\":\"alloy\"}"), 404);

            assertThat(error.get("code").asText()).isEqualTo("model_not_found");
            assertThat(error.get("message").asText()).isEqualTo(
                    "The model `tts-9` does not exist or you do not have access to it.");
        }

        @Test
        void anUnknownRouteIs404() {
            JsonNode error = refused(prism.postJson("/v1/audio/sing", ADMIN_KEY, SPEECH), 404);

            assertThat(error.get("code").asText()).isEqualTo("unknown_url");
        }

        @Test
        void aWrongMethodOnAKnownRouteIs405() {
            JsonNode error = refused(prism.get("/v1/audio/speech", ADMIN_KEY), 405);

            assertThat(error.get("code").asText()).isEqualTo("method_not_allowed");
        }

        @Test
        void anUnknownPublishedFileIs404() {
            JsonNode error = refused(prism.get("/v1/prism/media/0123456789abcdef", null), 404);

            assertThat(error.get("code").asText()).isEqualTo("file_not_found");
        }

        @Test
        void aJsonBodyOverTheLimitIs413() {
            String big = "{\"model\":\"tts-1\",\"voice\":\"alloy\",\"input\":\"Hi\",\"pad\":\"" + "x".repeat(1024 * 1024 + 10)
                    + "\"}";
            JsonNode error = refused(prism.postJson("/v1/audio/speech", ADMIN_KEY, big), 413);

            assertThat(error.get("code").asText()).isEqualTo("request_too_large");
        }

        @Test
        void speechWithoutJsonIs415() {
            JsonNode error = refused(postBytes("/v1/audio/speech", "text/plain", SPEECH.getBytes(StandardCharsets.UTF_8)),
                    415);

            assertThat(error.get("code").asText()).isEqualTo("unsupported_media_type");
        }

        @Test
        void transcriptionWithoutAFormIs415() {
            JsonNode error = refused(prism.postJson("/v1/audio/transcriptions", ADMIN_KEY, "{\"model\":\"whisper-1\"}"),
                    415);

            assertThat(error.get("code").asText()).isEqualTo("unsupported_media_type");
        }

        @Test
        // Helidon 4.5 refuses headers over its limit with a 400 and tells its handlers nothing more (4.1 said why, and it was 431).
        void hugeHeadersAre400InOpenAisShape() {
            HttpResponse<byte[]> response = sendRefusedOnClosingConnection(prism.request("/v1/audio/speech", ADMIN_KEY)
                    .header("Content-Type", "application/json").header("x-padding", "p".repeat(20 * 1024))
                    .POST(HttpRequest.BodyPublishers.ofString(SPEECH)).build());

            refused(response, 400);
        }

        @Test
        void aMalformedRequestLineIsAnsweredInOpenAisShape() throws Exception {
            String answer = rawExchange("NOT-HTTP AT ALL\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/json")
                    .contains("x-request-id: ");
            JsonNode error = OpenAiErrors.json(answer.substring(answer.indexOf("\r\n\r\n") + 4)
                    .getBytes(StandardCharsets.ISO_8859_1)).get("error");
            assertThat(error.fieldNames()).toIterable().containsExactly("message", "type", "param", "code");
            assertThat(upstream.requestCount()).isZero();
        }

        @Test
        void aHugeUriIs414InOpenAisShape() throws Exception {
            HttpResponse<byte[]> response = sendRefusedOnClosingConnection(
                    prism.request("/v1/models/" + "m".repeat(8 * 1024), ADMIN_KEY).GET().build());

            refused(response, 414);
        }

        /**
         * Sends a request the server refuses before reading it whole and answers on a connection it
         * then closes. The kernel may reset that connection (unread request bytes) before the client
         * has read the answer; that is the transport's race, not a missing answer, so it is tried
         * again a few times.
         */
        private HttpResponse<byte[]> sendRefusedOnClosingConnection(HttpRequest request) {
            java.io.UncheckedIOException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                try {
                    return prism.send(request);
                } catch (java.io.UncheckedIOException e) {
                    last = e;
                }
            }
            throw last;
        }
    }

    @Nested
    class UpstreamFailures {
        @Test
        void anUpstreamRefusalComesBackWithItsStatusAndMessage() {
            upstream.next("/audio/speech", Answer.error(400, "Instructions are not supported for tts-1.",
                    "invalid_request_error", "instructions", "unsupported_parameter"));

            HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY,
                    "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"instructions\":\"Be calm\"}");

            JsonNode error = OpenAiErrors.assertError(response, 400);
            assertThat(error.get("message").asText()).isEqualTo("Instructions are not supported for tts-1.");
            assertThat(error.get("param").asText()).isEqualTo("instructions");
            assertThat(error.get("code").asText()).isEqualTo("unsupported_parameter");
            assertThat(upstream.requests()).hasSize(1);
        }

        @Test
        void anUpstreamNotFoundOtherThanTheModelComesBackAs404() {
            upstream.next("/audio/transcriptions", Answer.error(404, "No such file: file-abc123.",
                    "invalid_request_error", "file", "file_not_found"));

            HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                    Form.create().field("model", "whisper-1").file("a.wav", "audio/wav", AudioBytes.wav(100)));

            JsonNode error = OpenAiErrors.assertError(response, 404);
            assertThat(error.get("message").asText()).isEqualTo("No such file: file-abc123.");
            assertThat(error.get("code").asText()).isEqualTo("file_not_found");
        }

        @Test
        void anUpstreamThatDoesNotKnowTheConfiguredModelIs502NamingTheTarget() {
            upstream.next("/audio/transcriptions", Answer.error(404, "The model `whisper-2` does not exist.",
                    "invalid_request_error", "model", "model_not_found"));

            HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                    Form.create().field("model", "whisper-1").file("a.wav", "audio/wav", AudioBytes.wav(100)));

            JsonNode error = OpenAiErrors.assertError(response, 502);
            assertThat(error.get("type").asText()).isEqualTo("server_error");
            assertThat(error.get("code").asText()).isEqualTo("upstream_failed");
            assertThat(error.get("message").asText()).isEqualTo("Every provider of `whisper-1` failed: " + PROVIDER
                    + "/whisper-1: HTTP 404, the provider does not know the configured model.");
            assertThat(upstream.requests()).hasSize(1);
        }

        @Test
        void anUpstreamThatRefusesPrismsKeyIs502WithoutTheUpstreamsMessage() {
            upstream.next("/audio/speech", Answer.incorrectApiKey(UPSTREAM_SECRET));

            HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY, SPEECH);

            JsonNode error = OpenAiErrors.assertError(response, 502);
            assertThat(error.get("type").asText()).isEqualTo("server_error");
            assertThat(error.get("code").asText()).isEqualTo("upstream_failed");
            assertThat(error.get("message").asText()).isEqualTo("Every provider of `tts-1` failed: " + PROVIDER
                    + "/tts-1: HTTP 401, the provider refused Prism's credentials.");
            String everything = OpenAiErrors.body(response) + response.headers().map();
            assertThat(everything).doesNotContain(Answer.maskedAsOpenAiDoes(UPSTREAM_SECRET))
                    .doesNotContain("Incorrect API key").doesNotContain("invalid_api_key");
            assertThat(upstream.requests()).hasSize(1);
        }

        @Test
        void anUpstreamServerErrorIs502NamingTheProviderAndStatusNeverTheCredentials() {
            upstream.next("/audio/speech", Answer.error(500, "The server had an error while processing your request.")
                    .withHeader("x-request-id", "req_upstream_secret_trace"));

            HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY, SPEECH);

            JsonNode error = OpenAiErrors.assertError(response, 502);
            assertThat(error.get("code").asText()).isEqualTo("upstream_failed");
            assertThat(error.get("message").asText()).contains(PROVIDER).contains("500");
            String everything = OpenAiErrors.body(response) + response.headers().map();
            assertThat(everything).doesNotContain(UPSTREAM_SECRET).doesNotContain("req_upstream_");
            assertThat(upstream.requests()).hasSize(1);
        }

        @Test
        void anUpstreamThatNeverAnswersIs504() {
            upstream.next("/audio/speech", Answer.hang());

            HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY,
                    "{\"model\":\"hang-tts\",\"input\":\"Hi\",\"voice\":\"alloy\"}");

            JsonNode error = OpenAiErrors.assertError(response, 504);
            assertThat(error.get("code").asText()).isEqualTo("upstream_timeout");
            assertThat(error.get("message").asText()).contains(SLOW_PROVIDER).doesNotContain(UPSTREAM_SECRET);
            assertThat(upstream.requests()).hasSize(1);
        }

        @Test
        void anUpstreamWhoseFirstByteIsLateIs504() {
            upstream.next("/audio/speech", Answer.likeOpenAi().afterDelay(Duration.ofSeconds(3)));

            HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY,
                    "{\"model\":\"hang-tts\",\"input\":\"Hi\",\"voice\":\"alloy\"}");

            OpenAiErrors.assertError(response, 504);
        }

        @Test
        void anUpstreamThatDropsTheConnectionBeforeAnsweringIs502() {
            upstream.next("/audio/speech", Answer.brokenOffAfter("audio/mpeg", new byte[0], 100));

            JsonNode error = OpenAiErrors.assertError(prism.postJson("/v1/audio/speech", ADMIN_KEY, SPEECH), 502);

            assertThat(error.get("message").asText()).contains(PROVIDER).doesNotContain(UPSTREAM_SECRET);
        }
    }

    /** Raw bytes on a socket, for requests no HTTP client would send. */
    static String rawExchange(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", prism.port())) {
            socket.setSoTimeout((int) Bounded.WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
