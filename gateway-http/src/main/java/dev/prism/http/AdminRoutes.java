package dev.prism.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.admin.AdminAccess;
import dev.prism.core.cost.CataloguePricing;
import dev.prism.core.keys.KeyDirectory;
import dev.prism.core.ledger.LedgerUnavailableException;
import dev.prism.core.ledger.UsageLedger;
import dev.prism.http.admin.KeyWire;
import dev.prism.http.admin.PriceWire;
import dev.prism.http.admin.UsageWire;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The admin API under {@code /admin}, registered only when an admin key is configured (otherwise
 * every {@code /admin} path is an unknown route: 404). Every route, known or not, first checks the
 * admin key: 401 without it, 403 for a virtual key. Its requests leave no ledger row.
 */
final class AdminRoutes {
    private static final System.Logger LOG = System.getLogger(AdminRoutes.class.getName());

    private final AdminAccess access;
    private final Optional<UsageLedger> ledger;
    private final KeyDirectory keys;
    private final Optional<CataloguePricing> pricing;
    private final Clock clock;
    private final HealthReport health;
    private final GuardedHandlers guarded;
    private final JsonBodyReader json = new JsonBodyReader();
    // Plain decimals for units (0.000001, not 1E-6), as for money.
    private final ObjectMapper mapper = JsonMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private final UsageWire usageWire = new UsageWire(mapper);
    private final KeyWire keyWire = new KeyWire(mapper);
    private final PriceWire priceWire = new PriceWire(mapper);

    AdminRoutes(AdminAccess access, Optional<UsageLedger> ledger, KeyDirectory keys, Optional<CataloguePricing> pricing,
            Clock clock, HealthReport health, GuardedHandlers guarded) {
        this.access = access;
        this.ledger = ledger;
        this.keys = keys;
        this.pricing = pricing;
        this.clock = clock;
        this.health = health;
        this.guarded = guarded;
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/admin/usage", admin(this::usage))
                .get("/admin/keys", admin(this::listKeys))
                .post("/admin/keys", admin(this::createKey))
                .delete("/admin/keys/{name}", admin(this::deleteKey))
                .get("/admin/prices", admin(this::prices))
                .get("/admin/health", admin(this::health))
                .any("/admin", admin(this::unknown))
                .any("/admin/*", admin(this::unknown));
    }

    private io.helidon.webserver.http.Handler admin(GuardedHandlers.Route route) {
        return guarded.of((req, res, requestId) -> {
            access.authorize(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
            route.handle(req, res, requestId);
        });
    }

    private void usage(ServerRequest req, ServerResponse res, String requestId) {
        var query = usageWire.query(req.query().toMap(), clock);
        UsageLedger usage = ledger.orElseThrow(() -> new GatewayException(ErrorKind.UNAVAILABLE,
                "The usage ledger is off (ledger.enabled: false), so there is no usage to report.", null, "ledger_off"));
        send(res, Status.OK_200, usageWire.json(fromLedger(() -> usage.usage(query), requestId)), requestId);
    }

    private void listKeys(ServerRequest req, ServerResponse res, String requestId) {
        send(res, Status.OK_200, keyWire.list(fromLedger(keys::list, requestId)), requestId);
    }

    private void createKey(ServerRequest req, ServerResponse res, String requestId) {
        KeyWire.NewKey asked = keyWire.newKey(json.read(req).json());
        KeyDirectory.IssuedKey issued = fromLedger(() -> keys.issue(asked.name(), asked.models(), asked.budgetJson(),
                asked.rateLimitJson()), requestId);
        send(res, Status.CREATED_201, keyWire.issued(issued), requestId);
    }

    private void deleteKey(ServerRequest req, ServerResponse res, String requestId) {
        String name = req.path().pathParameters().get("name");
        fromLedger(() -> {
            keys.revoke(name);
            return null;
        }, requestId);
        res.header(PrismHeaders.REQUEST_ID, requestId);
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    private void prices(ServerRequest req, ServerResponse res, String requestId) {
        CataloguePricing catalogue = pricing.orElseThrow(() -> new GatewayException(ErrorKind.UNAVAILABLE,
                "No price catalogue is in force.", null, "pricing_off"));
        send(res, Status.OK_200, priceWire.json(catalogue.catalogue()), requestId);
    }

    /** Every target's breaker and latency, with readiness and its reasons: names the public probes keep to themselves. */
    private void health(ServerRequest req, ServerResponse res, String requestId) {
        send(res, Status.OK_200, health.details(), requestId);
    }

    private void unknown(ServerRequest req, ServerResponse res, String requestId) {
        throw new GatewayException(ErrorKind.NOT_FOUND, "Invalid URL (" + req.prologue().method().text() + " "
                + req.path().path() + ")", null, "unknown_url");
    }

    /** The ledger's database out of reach is a 503; what failed goes to the log, not to the client. */
    private static <T> T fromLedger(Supplier<T> read, String requestId) {
        try {
            return read.get();
        } catch (LedgerUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "admin: request " + requestId + ": " + e.getMessage());
            throw new GatewayException(ErrorKind.UNAVAILABLE, "The ledger's database cannot be reached right now; try "
                    + "again.", null, "ledger_unavailable");
        }
    }

    private void send(ServerResponse res, Status status, ObjectNode body, String requestId) {
        res.status(status);
        res.header(PrismHeaders.REQUEST_ID, requestId);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        // A new key's secret is in an answer: no cache along the way may keep it, nor any other admin answer.
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try {
            res.send(mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
