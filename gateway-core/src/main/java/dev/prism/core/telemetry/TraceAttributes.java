package dev.prism.core.telemetry;

import dev.prism.api.UsageUnit;
import io.opentelemetry.api.common.AttributeKey;
import java.util.EnumMap;
import java.util.Map;

/**
 * The attributes of Prism's spans: OpenTelemetry's HTTP semantic conventions, and Prism's own
 * under {@code prism.}. None holds a secret or what a client sent as input: a key appears by its
 * name only, a request by its ids.
 */
public final class TraceAttributes {
    public static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<Long> HTTP_REQUEST_RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
    public static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    public static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    public static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    public static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("prism.call_id");
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("prism.request_id");
    /** The virtual key's name: never the key. */
    public static final AttributeKey<String> KEY = AttributeKey.stringKey("prism.key");
    public static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("prism.endpoint");
    /** The model alias the client asked for. */
    public static final AttributeKey<String> MODEL = AttributeKey.stringKey("prism.model");
    public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("prism.provider");
    public static final AttributeKey<String> UPSTREAM_MODEL = AttributeKey.stringKey("prism.upstream_model");
    public static final AttributeKey<String> CACHE = AttributeKey.stringKey("prism.cache");
    public static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("prism.attempts");
    /** Of a client span: its place among the call's attempts, from 1. */
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("prism.attempt");
    public static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("prism.cost_usd");
    /** Of a {@code prism.target_skipped} event: why the target was passed over. */
    public static final AttributeKey<String> SKIP_REASON = AttributeKey.stringKey("prism.skip_reason");

    private static final Map<UsageUnit, AttributeKey<Double>> UNITS = new EnumMap<>(UsageUnit.class);

    static {
        for (UsageUnit unit : UsageUnit.values()) {
            UNITS.put(unit, AttributeKey.doubleKey("prism.units." + unit.wireName()));
        }
    }

    private TraceAttributes() {}

    /** {@code prism.units.characters}, {@code prism.units.audio_seconds}, {@code prism.units.images}, ... */
    public static AttributeKey<Double> units(UsageUnit unit) {
        return UNITS.get(unit);
    }
}
