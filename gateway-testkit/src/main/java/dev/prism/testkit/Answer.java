package dev.prism.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link FakeOpenAiUpstream} answers to one request: a status with a body, OpenAI's error
 * envelope, a body the test streams chunk by chunk, or a failure (a connection dropped mid-body,
 * no answer at all, a late first byte).
 */
public final class Answer {
    /** Thrown inside the fake to drop the connection without ending the response. */
    static final class BreakOff extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BreakOff() {
            super("breaking the connection off", null, false, false);
        }
    }

    /** Writes a response to an exchange. */
    @FunctionalInterface
    interface Responder {
        void respond(RecordedRequest request, UpstreamExchange exchange) throws IOException;
    }

    private final Responder responder;
    private final Map<String, String> headers;
    private final Duration delay;

    private Answer(Responder responder, Map<String, String> headers, Duration delay) {
        this.responder = responder;
        this.headers = Map.copyOf(headers);
        this.delay = delay;
    }

    static Answer of(Responder responder) {
        return new Answer(responder, Map.of(), Duration.ZERO);
    }

    /** Answers as OpenAI would, from the request: audio, transcripts, images, models, errors. */
    public static Answer likeOpenAi() {
        return of((request, exchange) -> OpenAiBehaviour.answer(request, exchange.root()).run(request, exchange));
    }

    /** A body of known length. */
    public static Answer bytes(int status, String contentType, byte[] body) {
        byte[] copy = body.clone();
        return of((request, exchange) -> exchange.send(status, contentType, copy));
    }

    public static Answer text(int status, String contentType, String body) {
        return bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Answer json(int status, String json) {
        return text(status, "application/json", json);
    }

    /** A body sent chunked, each chunk flushed on its own (OpenAI's speech and event streams). */
    public static Answer chunked(int status, String contentType, List<byte[]> chunks) {
        List<byte[]> copy = chunks.stream().map(byte[]::clone).toList();
        return of((request, exchange) -> {
            OutputStream out = exchange.startChunked(status, contentType);
            for (byte[] chunk : copy) {
                out.write(chunk);
                out.flush();
            }
            out.close();
        });
    }

    /** Server-sent events: each {@code data:} payload (JSON) is one event, flushed on its own. */
    public static Answer events(List<String> dataPayloads) {
        return chunked(200, "text/event-stream",
                dataPayloads.stream().map(d -> ("data: " + d + "\n\n").getBytes(StandardCharsets.UTF_8)).toList());
    }

    /**
     * OpenAI's error envelope, all four keys present.
     *
     * @param param or null
     * @param code or null
     */
    public static Answer error(int status, String message, String type, String param, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return json(status, JsonValues.write(Map.of("error", error)));
    }

    /** OpenAI's error envelope with the type OpenAI uses for the status. */
    public static Answer error(int status, String message) {
        String type = switch (status) {
            case 403 -> "permission_error";
            case 429 -> "requests";
            case 503 -> "service_unavailable_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
        return error(status, message, type, null, null);
    }

    /**
     * OpenAI's 401 for a wrong key, quoting the key masked as OpenAI masks it: its first 7 and last
     * 4 characters around stars ({@link #maskedAsOpenAiDoes}).
     */
    public static Answer incorrectApiKey(String key) {
        return error(401, "Incorrect API key provided: " + maskedAsOpenAiDoes(key)
                + ". You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error", null, "invalid_api_key");
    }

    /** The fragment of {@code key} OpenAI's 401 quotes. */
    public static String maskedAsOpenAiDoes(String key) {
        if (key.length() <= 11) {
            return "*".repeat(key.length());
        }
        return key.substring(0, 7) + "*".repeat(key.length() - 11) + key.substring(key.length() - 4);
    }

    /** A 200 whose body the test writes step by step through {@code body}. */
    public static Answer streamed(String contentType, StreamedBody body) {
        Objects.requireNonNull(body, "body is null");
        return of((request, exchange) -> body.writeTo(exchange.startChunked(200, contentType)));
    }

    /**
     * A 200 announcing {@code announcedLength} bytes that sends only {@code partial} and then drops
     * the connection: a body cut off in the middle.
     */
    public static Answer brokenOffAfter(String contentType, byte[] partial, long announcedLength) {
        if (announcedLength <= partial.length) {
            throw new IllegalArgumentException("the announced length must exceed what is sent");
        }
        byte[] copy = partial.clone();
        return of((request, exchange) -> {
            OutputStream out = exchange.startFixed(200, contentType, announcedLength);
            out.write(copy);
            out.flush();
            throw new BreakOff();
        });
    }

    /**
     * Drops the connection without sending a byte of an answer, not even the status line: an
     * upstream that crashed or reset the connection before answering.
     */
    public static Answer dropConnection() {
        return of((request, exchange) -> {
            throw new BreakOff();
        });
    }

    /** Never answers: holds the request until the fake is closed. */
    public static Answer hang() {
        return of((request, exchange) -> {
            exchange.awaitClose(Duration.ofMinutes(10));
            throw new BreakOff();
        });
    }

    /** The same answer with one more response header. */
    public Answer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Answer(responder, more, delay);
    }

    /** The same answer, its first byte (the status line) held back for {@code delay}. */
    public Answer afterDelay(Duration delay) {
        return new Answer(responder, headers, delay);
    }

    void run(RecordedRequest request, UpstreamExchange exchange) throws IOException {
        if (!delay.isZero()) {
            exchange.awaitClose(delay);
        }
        headers.forEach(exchange::header);
        responder.respond(request, exchange);
    }
}
