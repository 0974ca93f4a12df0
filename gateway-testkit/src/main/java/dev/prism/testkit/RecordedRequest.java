package dev.prism.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request as {@link FakeOpenAiUpstream} received it, whole.
 *
 * @param path the path below the API root, such as {@code /audio/speech} (the {@code /v1} prefix removed)
 * @param query the raw query string, or null
 * @param headers by name, case-insensitively
 * @param receivedNanos {@link System#nanoTime()} when the request arrived (before its body was read),
 *     to measure the gap between two requests
 */
public record RecordedRequest(
        String method, String path, String query, Map<String, List<String>> headers, byte[] body, long receivedNanos) {
    public RecordedRequest {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        body = body.clone();
    }

    /** A request that arrived now. */
    public RecordedRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        this(method, path, query, headers, body, System.nanoTime());
    }

    /** How long after {@code earlier} this request arrived. */
    public java.time.Duration arrivedAfter(RecordedRequest earlier) {
        return java.time.Duration.ofNanos(receivedNanos - earlier.receivedNanos);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The first value of a header. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public long bodySize() {
        return body.length;
    }

    /**
     * The JSON body as plain Java values: {@code Map}, {@code List}, {@code String},
     * {@code BigDecimal}, {@code Boolean}, null.
     *
     * @throws IllegalArgumentException when the body is not JSON
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> json() {
        Object value = JsonValues.read(bodyText());
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("the body is JSON but not an object: " + bodyText());
        }
        return (Map<String, Object>) value;
    }

    /**
     * The multipart form of the body.
     *
     * @throws IllegalArgumentException when the body is not a well-formed multipart form
     */
    public MultipartForm form() {
        return MultipartForm.parse(header("Content-Type").orElse(null), body);
    }

    @Override
    public String toString() {
        return method + " " + path + " (" + body.length + " bytes)";
    }
}
