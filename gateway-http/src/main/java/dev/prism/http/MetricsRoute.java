package dev.prism.http;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.admin.AdminAccess;
import dev.prism.core.telemetry.MetricsScrape;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * {@code GET /metrics}: the gateway's metrics as Prometheus text. The scrape names keys, models and
 * what they cost, so by default it takes the admin key (a Prometheus {@code authorization}); {@code
 * telemetry.metrics_key_required: false} opens it, for a port only Prometheus reaches.
 */
final class MetricsRoute {
    private final MetricsScrape scrape;
    private final boolean keyRequired;
    private final Optional<AdminAccess> admin;
    private final GuardedHandlers guarded;

    /** @param admin the admin key's check, when the admin API is on */
    MetricsRoute(MetricsScrape scrape, boolean keyRequired, Optional<AdminAccess> admin, GuardedHandlers guarded) {
        this.scrape = scrape;
        this.keyRequired = keyRequired;
        this.admin = admin;
        this.guarded = guarded;
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/metrics", guarded.of(this::metrics));
    }

    private void metrics(ServerRequest req, ServerResponse res, String requestId) {
        if (keyRequired) {
            AdminAccess access = admin.orElseThrow(() -> new GatewayException(ErrorKind.PERMISSION, "The metrics take "
                    + "the admin key, and the admin API is off: set admin.key, or set telemetry.metrics_key_required: "
                    + "false to serve them without a key (on a port only Prometheus reaches).", null,
                    "metrics_key_required"));
            access.authorize(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
        }
        res.header(PrismHeaders.REQUEST_ID, requestId);
        res.header(HeaderNames.CONTENT_TYPE, MetricsScrape.CONTENT_TYPE);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        // Whole before it is sent (tens of kilobytes): a failing collection is still a clean 500.
        ByteArrayOutputStream text = new ByteArrayOutputStream(16 * 1024);
        try {
            scrape.writeText(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.send(text.toByteArray());
    }
}
