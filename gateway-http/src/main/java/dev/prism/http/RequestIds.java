package dev.prism.http;

import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The {@code x-request-id} of a request: the client's if it sent a sane one, else a new one. */
final class RequestIds {
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:/=+-]{1,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {}

    static String of(ServerRequest request) {
        return of(request.headers());
    }

    static String of(Headers headers) {
        return headers.first(PrismHeaders.REQUEST_ID)
                .filter(id -> SANE.matcher(id).matches())
                .orElseGet(RequestIds::create);
    }

    static String create() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "req_" + HexFormat.of().formatHex(bytes);
    }
}
