package dev.prism.core.ledger;

import com.google.inject.Module;
import dev.prism.api.Secret;
import dev.prism.core.config.ConfigNode;
import dev.prism.core.config.Durations;
import dev.prism.core.feature.BannerLine;
import dev.prism.core.feature.FeatureSettings;
import dev.prism.core.feature.GatewayFeature;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code ledger:} section and the usage ledger it turns on ({@link LedgerModule}): on by
 * default, in an embedded H2 file under {@code ./data}. The URL is only checked for its shape here;
 * the module finds the back end that serves it among those on the class path.
 */
public final class LedgerFeature implements GatewayFeature<LedgerSettings> {
    @Override
    public String configKey() {
        return "ledger";
    }

    @Override
    public Class<LedgerSettings> settingsType() {
        return LedgerSettings.class;
    }

    @Override
    public LedgerSettings read(ConfigNode node, FeatureSettings others) {
        LedgerSettings d = LedgerSettings.DEFAULT;
        if (node.isMissing()) {
            return d;
        }
        boolean enabled = node.bool("enabled").orElse(d.enabled());
        String url = node.string("url").orElse(d.url()).trim();
        if (!url.matches("jdbc:[a-z][a-z0-9]*:.+")) {
            // The value is not quoted: it may hold a password.
            throw node.error("url", "expected a JDBC URL such as jdbc:postgresql://HOST:5432/DATABASE or "
                    + LedgerSettings.DEFAULT_URL);
        }
        Optional<String> user = node.string("user").filter(u -> !u.isEmpty());
        Optional<Secret> password = node.string("password").filter(p -> !p.isEmpty()).map(Secret::of);
        int queueRows = atLeast(node, "queue_rows", d.queueRows(), 1);
        int batchRows = atLeast(node, "batch_rows", d.batchRows(), 1);
        Path spillDir = Path.of(node.string("spill_dir").orElse(d.spillDir().toString()));
        long spillMaxBytes = atLeast(node, "spill_max_mb", (int) (d.spillMaxBytes() / (1024 * 1024)), 0) * 1024L * 1024;
        Duration retryBackoff = node.positiveDuration("retry_backoff").orElse(d.retryBackoff());
        Duration retryMaxBackoff = node.positiveDuration("retry_max_backoff").orElse(d.retryMaxBackoff());
        if (retryMaxBackoff.compareTo(retryBackoff) < 0) {
            throw node.error("retry_max_backoff", "must be at least retry_backoff (" + Durations.format(retryBackoff) + ")");
        }
        Duration connectTimeout = node.positiveDuration("connect_timeout").orElse(d.connectTimeout());
        if (connectTimeout.compareTo(Duration.ofMillis(250)) < 0) {
            // The connection pool refuses less.
            throw node.error("connect_timeout", "must be at least 250ms");
        }
        Duration flushTimeout = node.duration("flush_timeout").orElse(d.flushTimeout());
        int poolSize = atLeast(node, "pool_size", d.poolSize(), 2);
        node.rejectUnknownKeys();
        return new LedgerSettings(enabled, url, user, password, queueRows, batchRows, spillDir, spillMaxBytes,
                retryBackoff, retryMaxBackoff, connectTimeout, flushTimeout, poolSize);
    }

    private static int atLeast(ConfigNode node, String key, int fallback, int least) {
        int value = node.integer(key).orElse(fallback);
        if (value < least) {
            throw node.error(key, "must be at least " + least);
        }
        return value;
    }

    @Override
    public Optional<Module> module(LedgerSettings settings) {
        return settings.enabled() ? Optional.of(new LedgerModule(settings)) : Optional.empty();
    }

    @Override
    public Optional<BannerLine> bannerLine(LedgerSettings settings) {
        return Optional.of(new BannerLine("ledger", describe(settings)));
    }

    private static String describe(LedgerSettings settings) {
        if (!settings.enabled()) {
            return "off (no usage is recorded)";
        }
        String url = settings.redactedUrl();
        if (url.startsWith("jdbc:h2:file:")) {
            return "H2 in " + Path.of(url.substring("jdbc:h2:file:".length())).toAbsolutePath().normalize() + ".mv.db";
        }
        return url;
    }
}
