package dev.prism.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a JSON request body: the content type must say JSON, the body must fit the limit, be valid
 * UTF-8 and one JSON value with no duplicate keys. Everything else is a 400 or 415 in OpenAI's shape.
 */
final class JsonBodyReader {
    static final int MAX_JSON_BYTES = 1024 * 1024;

    private final ObjectMapper strict = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** A JSON body read whole: the object, and how many bytes it took. */
    record Body(JsonNode json, int size) {}

    Body read(ServerRequest request) {
        String contentType = request.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!MediaTypes.isJson(contentType)) {
            throw new GatewayException(ErrorKind.UNSUPPORTED_MEDIA_TYPE, contentType.isEmpty()
                    ? "The request needs a JSON body with 'Content-Type: application/json'."
                    : "Unsupported Content-Type '" + contentType + "': this endpoint takes application/json.", null,
                    "unsupported_media_type");
        }
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > MAX_JSON_BYTES) {
            throw tooLarge();
        }
        byte[] body = readBounded(request);
        if (body.length == 0) {
            throw GatewayException.invalid(null, "The request body is empty; expected a JSON object.");
        }
        try (JsonParser parser = strict.createParser(body)) {
            JsonNode node = strict.readTree(parser);
            if (node == null || !node.isObject()) {
                throw GatewayException.invalid(null, "The request body must be a JSON object.");
            }
            return new Body(node, body.length);
        } catch (IOException e) {
            throw GatewayException.invalid(null, "We could not parse the JSON body of your request. ("
                    + firstLine(e.getMessage()) + ")");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid JSON";
        }
        int cut = message.indexOf('\n');
        String line = cut < 0 ? message : message.substring(0, cut);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private static byte[] readBounded(ServerRequest request) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = request.content().inputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (bytes.size() + n > MAX_JSON_BYTES) {
                    throw tooLarge();
                }
                bytes.write(buffer, 0, n);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ClientGone(e);
        }
        return bytes.toByteArray();
    }

    private static GatewayException tooLarge() {
        return new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE, "The JSON body is larger than " + MAX_JSON_BYTES
                + " bytes.", null, "request_too_large");
    }
}
