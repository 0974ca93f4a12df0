package dev.prism.http;

import dev.prism.api.GatewayException;
import dev.prism.core.pipeline.CacheDirectives;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The client's cache directives: {@code Cache-Control: no-cache | no-store} and {@code x-prism-cache-ttl: SECONDS}. */
final class CacheHeaders {
    private CacheHeaders() {}

    static CacheDirectives directives(ServerRequest request) {
        boolean noCache = false;
        boolean noStore = false;
        for (String value : request.headers().all(HeaderNames.CACHE_CONTROL, java.util.List::of)) {
            for (String directive : value.toLowerCase(Locale.ROOT).split(",")) {
                switch (directive.trim()) {
                    case "no-cache" -> noCache = true;
                    case "no-store" -> noStore = true;
                    default -> { }
                }
            }
        }
        Optional<Duration> ttl = request.headers().first(HeaderNames.create("x-prism-cache-ttl")).map(text -> {
            try {
                long seconds = Long.parseLong(text.trim());
                if (seconds <= 0) {
                    throw new NumberFormatException();
                }
                return Duration.ofSeconds(seconds);
            } catch (NumberFormatException e) {
                throw GatewayException.invalid("x-prism-cache-ttl",
                        "The header x-prism-cache-ttl must be a whole number of seconds above 0.");
            }
        });
        return new CacheDirectives(noCache, noStore, ttl);
    }
}
