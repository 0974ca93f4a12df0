package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Message framing (RFC 9112 §6): a request whose length is not one plain number, or is given both by
 * Content-Length and Transfer-Encoding, or by a transfer coding the server does not read as chunked,
 * gets 400 in OpenAI's shape at once and the connection is closed, so that no bytes after it can be
 * read as another request. Raw sockets: no HTTP client sends these.
 */
class FramingIT extends AgainstFakeUpstream {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 \\d{3} ");
    private static final String SPEECH = "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}";

    @ParameterizedTest
    @ValueSource(strings = {
            "Content-Length: -1",
            "Content-Length: ten",
            "Content-Length: 0x10",
            "Content-Length: +4",
            "Content-Length: 4.0",
            "Content-Length: 99999999999999999999999",
            "Content-Length: 4\r\nContent-Length: 40",
            "Content-Length: 4, 40",
            "Content-Length: 4, 4"})
    void aContentLengthThatIsNotOnePlainNumberIs400AtOnceAndClosesTheConnection(String contentLength) throws Exception {
        String answer = exchange("POST /v1/audio/speech HTTP/1.1\r\nHost: prism\r\nAuthorization: Bearer " + ADMIN_KEY
                + "\r\nContent-Type: application/json\r\n" + contentLength + "\r\n\r\n" + "{}");

        assertRefusedAndClosed(answer);
    }

    @Test
    void contentLengthWithChunkedTransferEncodingNeverServesTheRequestHiddenAfterTheChunks() throws Exception {
        // A front proxy that frames by Content-Length sees one request; one that frames by chunks sees two.
        String smuggled = speechRequest("Content-Length: " + SPEECH.length(), SPEECH);
        String chunkedBody = Integer.toHexString(SPEECH.length()) + "\r\n" + SPEECH + "\r\n0\r\n\r\n" + smuggled;
        String first = speechRequest("Content-Length: " + chunkedBody.length() + "\r\nTransfer-Encoding: chunked",
                chunkedBody);

        String answer = exchange(first);

        assertRefusedAndClosed(answer);
        assertThat(upstream.requestCount()).as("requests that reached the upstream").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Transfer-Encoding: Chunked",
            "Transfer-Encoding: gzip, chunked",
            "Transfer-Encoding: chunked, identity",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
            "Transfer-Encoding: identity"})
    void aTransferEncodingTheServerDoesNotReadAsChunkedIs400AndClosesTheConnection(String transferEncoding)
            throws Exception {
        // Read by its length, the chunks would be taken for a second request.
        String smuggled = speechRequest("Content-Length: " + SPEECH.length(), SPEECH);
        String chunkedBody = Integer.toHexString(SPEECH.length()) + "\r\n" + SPEECH + "\r\n0\r\n\r\n";

        String answer = exchange(speechRequest(transferEncoding, chunkedBody) + smuggled);

        assertRefusedAndClosed(answer);
        assertThat(upstream.requestCount()).as("requests that reached the upstream").isZero();
    }

    @Test
    void wellFramedRequestsStillShareAConnection() throws Exception {
        String chunkedBody = Integer.toHexString(SPEECH.length()) + "\r\n" + SPEECH + "\r\n0\r\n\r\n";
        String pipelined = speechRequest("Transfer-Encoding: chunked", chunkedBody)
                + speechRequest("Content-Length: " + SPEECH.length(), SPEECH);

        try (Socket socket = new Socket("127.0.0.1", prism.port())) {
            socket.getOutputStream().write(pipelined.getBytes(StandardCharsets.ISO_8859_1));
            // Both answers are chunked: each ends with the last chunk.
            String answers = Bounded.within(Bounded.WAIT, () -> readUntil(socket.getInputStream(), "\r\n0\r\n\r\n", 2));

            assertThat(statusLines(answers)).as(answers).isEqualTo(2);
            assertThat(answers).startsWith("HTTP/1.1 200").contains("\r\n\r\nHTTP/1.1 200");
        }
        assertThat(upstream.requestCount()).isEqualTo(2);
    }

    private static String speechRequest(String framingHeaders, String body) {
        return "POST /v1/audio/speech HTTP/1.1\r\nHost: prism\r\nAuthorization: Bearer " + ADMIN_KEY
                + "\r\nContent-Type: application/json\r\n" + framingHeaders + "\r\n\r\n" + body;
    }

    private static void assertRefusedAndClosed(String answer) {
        assertThat(answer).as(answer).startsWith("HTTP/1.1 400");
        assertThat(statusLines(answer)).as("answers on the connection: " + answer).isEqualTo(1);
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
        assertThat(head).contains("connection: close").contains("content-type: application/json")
                .contains("x-request-id: ");
        JsonNode error = OpenAiErrors.json(answer.substring(answer.indexOf("\r\n\r\n") + 4)
                .getBytes(StandardCharsets.ISO_8859_1)).get("error");
        assertThat(error.fieldNames()).toIterable().containsExactly("message", "type", "param", "code");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).containsAnyOf("Content-Length", "Transfer-Encoding");
    }

    private static int statusLines(String answer) {
        Matcher m = STATUS_LINE.matcher(answer);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Reads until {@code marker} was read {@code times} times, or the stream ended. */
    private static String readUntil(InputStream in, String marker, int times) throws IOException {
        StringBuilder read = new StringBuilder();
        int seen = 0;
        int b;
        while (seen < times && (b = in.read()) >= 0) {
            read.append((char) b);
            if (read.length() >= marker.length() && read.indexOf(marker, read.length() - marker.length()) >= 0) {
                seen++;
            }
        }
        return read.toString();
    }

    /**
     * Writes the bytes in one go and reads until the server closes the connection. A server that
     * waits for more bytes instead fails the test after {@link Bounded#WAIT}, well before its idle
     * timeout would close the connection.
     */
    private static String exchange(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", prism.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(Bounded.readAll(in), StandardCharsets.ISO_8859_1);
        }
    }
}
