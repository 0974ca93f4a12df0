package dev.prism.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

/** Header names Helidon has no constant for. */
final class PrismHeaders {
    static final HeaderName REQUEST_ID = HeaderNames.create("x-request-id");

    private PrismHeaders() {}
}
