package dev.prism.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.RequestException;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses a request whose body length is not stated one unambiguous way (RFC 9112 §6.1, §6.3), as
 * soon as its headers are read and before any route or body read.
 *
 * <p>Helidon 4.1 read {@code Content-Length: -1} as "chunked" and waited for chunks that never
 * came, took the first of two lengths, and when a request had both headers framed it by its
 * chunks and then read whatever followed as the next request. A proxy in front that framed the
 * same bytes by {@code Content-Length} saw one request: the hidden one would be served. Helidon
 * 4.5 refuses most of these itself before any listener runs, without saying why; this guard
 * stays for what Helidon lets through, and {@link #refusalFor} tells the client why in either
 * case. A refusal is answered by the {@link JsonDirectHandler} with {@code Connection: close},
 * and the connection is closed without reading another byte.
 */
final class RequestFraming implements Http1ConnectionListener {
    static final String BAD_LENGTH = "The request's Content-Length must be one non-negative integer.";
    static final String BOTH_LENGTHS =
            "The request has both Content-Length and Transfer-Encoding; its length must be given one way.";
    static final String BAD_TRANSFER_ENCODING = "The request's Transfer-Encoding must be exactly 'chunked'.";
    private static final Set<String> REFUSALS = Set.of(BAD_LENGTH, BOTH_LENGTHS, BAD_TRANSFER_ENCODING);
    /** At most 18 digits: any such number fits a long, and no upload comes near it. */
    private static final Pattern LENGTH = Pattern.compile("[0-9]{1,18}");

    /**
     * The refusal to show the client for a request refused below the routes, or null when its
     * framing is not what was wrong. Helidon (4.5) checks the same headers itself before any
     * listener sees them and refuses without saying why; the headers tell.
     */
    static String refusalFor(String message, Headers headers) {
        if (message != null && REFUSALS.contains(message)) {
            return message;
        }
        try {
            return refusal(headers);
        } catch (RuntimeException e) {
            // The headers themselves could not be read: not a framing refusal then.
            return null;
        }
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        String refusal = refusal(headers);
        if (refusal != null) {
            throw RequestException.builder()
                    .type(DirectHandler.EventType.BAD_REQUEST)
                    .status(Status.BAD_REQUEST_400)
                    .setKeepAlive(false)
                    .request(new HeadersOnly(ServerRequestHeaders.create(headers)))
                    .message(refusal)
                    .build();
        }
    }

    static String refusal(Headers headers) {
        boolean hasLength = headers.contains(HeaderNames.CONTENT_LENGTH);
        if (headers.contains(HeaderNames.TRANSFER_ENCODING)) {
            if (hasLength) {
                return BOTH_LENGTHS;
            }
            // Exactly what Helidon reads as chunked: anything else it would frame by length or not at all.
            return headers.contains(HeaderValues.TRANSFER_ENCODING_CHUNKED) ? null : BAD_TRANSFER_ENCODING;
        }
        if (hasLength) {
            Header length = headers.get(HeaderNames.CONTENT_LENGTH);
            if (length.valueCount() != 1 || !LENGTH.matcher(length.get()).matches()) {
                return BAD_LENGTH;
            }
        }
        return null;
    }

    /** What is known of a request refused after its headers: they carry its request id. */
    private record HeadersOnly(ServerRequestHeaders headers) implements DirectHandler.TransportRequest {
        @Override
        public String protocolVersion() {
            return "";
        }

        @Override
        public String method() {
            return "";
        }

        @Override
        public String path() {
            return "";
        }
    }
}
