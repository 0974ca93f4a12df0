package dev.prism.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prism.api.Operation;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.routing.ProviderTarget;
import dev.prism.core.routing.Strategy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the YAML configuration into a {@link GatewayConfig}: {@code ${VAR}} (or
 * {@code ${VAR:-default}}) references resolved from the environment, every value type-checked,
 * every reference between sections checked, every unknown key refused, each error with its path.
 */
public final class ConfigLoader {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final UnaryOperator<String> environment;

    /** @param environment looks up an environment variable; null when it is not set */
    public ConfigLoader(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    public static ConfigLoader fromSystemEnvironment() {
        return new ConfigLoader(System::getenv);
    }

    public GatewayConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read configuration file " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    public GatewayConfig parse(String yaml) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JacksonException e) {
            String location = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException("", "not valid YAML" + location + ": " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = YAML.createObjectNode();
        }
        ConfigNode root = new ConfigNode("", substitute(tree, ""));
        if (!root.isMissing() && !tree.isObject()) {
            throw new ConfigException("", "the configuration must be a map of sections");
        }
        ServerSettings server = server(root.child("server"));
        // One node per section: a node remembers which of its keys were read, a fresh child does not.
        ConfigNode pluginsNode = root.child("plugins");
        PluginSettings plugins = new PluginSettings(Path.of(pluginsNode.string("dir").orElse("./plugins")));
        pluginsNode.rejectUnknownKeys();
        Map<String, ProviderSettings> providers = providers(root.child("providers"));
        ConfigNode routingNode = root.child("routing");
        RoutingSettings routing = new RoutingSettings(routingNode.duration("deadline").orElse(Duration.ofSeconds(120)));
        routingNode.rejectUnknownKeys();
        Map<String, ModelRoute> models = models(root.child("models"), providers);
        List<KeySpec> keys = keys(root.child("keys"), models);
        RedisSettings redis = redis(root.child("redis"));
        CacheSettings cache = cache(root.child("cache"), redis);
        root.rejectUnknownKeys();
        return new GatewayConfig(server, plugins, providers, models, keys, routing, cache, redis);
    }

    private JsonNode substitute(JsonNode node, String path) {
        if (node.isTextual()) {
            return TextNode.valueOf(resolveVariables(node.asText(), path));
        }
        if (node.isObject()) {
            ObjectNode copy = YAML.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(),
                    substitute(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey())));
            return copy;
        }
        if (node.isArray()) {
            var copy = YAML.createArrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(substitute(node.get(i), path + "[" + i + "]"));
            }
            return copy;
        }
        return node;
    }

    private String resolveVariables(String text, String path) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.apply(m.group(1));
            if (value == null) {
                if (m.group(2) == null) {
                    throw new ConfigException(path, "environment variable " + m.group(1) + " is not set");
                }
                value = m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private ServerSettings server(ConfigNode node) {
        String host = node.string("host").orElse("127.0.0.1");
        int port = node.integer("port").orElse(8080);
        if (port < 0 || port > 65535) {
            throw node.error("port", "expected a port between 0 and 65535");
        }
        int maxUploadMb = node.integer("max_upload_mb").orElse(25);
        if (maxUploadMb < 1) {
            throw node.error("max_upload_mb", "must be at least 1");
        }
        Optional<String> publicUrl = node.string("public_url").map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        Optional<String> spoolDir = node.string("spool_dir");
        node.rejectUnknownKeys();
        return new ServerSettings(host, port, maxUploadMb * 1024L * 1024L, publicUrl, spoolDir);
    }

    private Map<String, ProviderSettings> providers(ConfigNode node) {
        Map<String, ProviderSettings> providers = new LinkedHashMap<>();
        for (String name : node.keys()) {
            ConfigNode p = node.child(name);
            if (!NAME.matcher(name).matches()) {
                throw p.error("a provider name may hold letters, digits, '.', '_' and '-'");
            }
            String type = p.requiredString("type");
            Duration timeout = p.duration("timeout").orElse(Duration.ofSeconds(60));
            Duration firstByte = p.duration("first_byte_timeout").orElse(timeout);
            RetrySettings retry = retry(p.child("retry"));
            BreakerSettings breaker = breaker(p.child("circuit_breaker"), BreakerSettings.DEFAULT);
            providers.put(name, new ProviderSettings(name, type, timeout, firstByte, retry, breaker, p));
        }
        return providers;
    }

    private RetrySettings retry(ConfigNode node) {
        RetrySettings d = RetrySettings.DEFAULT;
        int attempts = node.integer("max_attempts").orElse(d.maxAttempts());
        if (attempts < 1) {
            throw node.error("max_attempts", "must be at least 1 (1 means no retry)");
        }
        RetrySettings retry = new RetrySettings(attempts, node.duration("backoff").orElse(d.backoff()),
                node.duration("max_backoff").orElse(d.maxBackoff()));
        node.rejectUnknownKeys();
        return retry;
    }

    private BreakerSettings breaker(ConfigNode node, BreakerSettings d) {
        int threshold = node.integer("failure_threshold").orElse(d.failureThreshold());
        if (threshold < 1) {
            throw node.error("failure_threshold", "must be at least 1");
        }
        Duration window = node.duration("window").orElse(d.window());
        if (window.toMillis() < 10) {
            // Failsafe counts failures in buckets of time and refuses a shorter window.
            throw node.error("window", "must be at least 10ms");
        }
        BreakerSettings breaker = new BreakerSettings(threshold, window, node.duration("cooldown").orElse(d.cooldown()));
        node.rejectUnknownKeys();
        return breaker;
    }

    private Map<String, ModelRoute> models(ConfigNode node, Map<String, ProviderSettings> providers) {
        Map<String, ModelRoute> models = new LinkedHashMap<>();
        for (String alias : node.keys()) {
            ConfigNode m = node.child(alias);
            Strategy strategy = m.string("strategy").map(s -> Strategy.fromConfigName(s).orElseThrow(
                    () -> m.error("strategy", "unknown strategy '" + s + "'. Available: " + Arrays.stream(Strategy.values())
                            .map(Strategy::configName).collect(Collectors.joining(", ")))))
                    .orElse(Strategy.FALLBACK);
            List<ProviderTarget> targets = new ArrayList<>();
            ConfigNode targetList = m.child("targets");
            if (targetList.isMissing() || targetList.items().isEmpty()) {
                throw targetList.error("an alias needs at least one target");
            }
            for (ConfigNode t : targetList.items()) {
                String provider = t.requiredString("provider");
                if (!providers.containsKey(provider)) {
                    throw t.error("provider", "no provider named '" + provider + "'" + choices(providers.keySet()));
                }
                int weight = t.integer("weight").orElse(1);
                if (weight < 0) {
                    throw t.error("weight", "must not be negative");
                }
                targets.add(new ProviderTarget(provider, t.string("model").orElse(alias), weight));
                t.rejectUnknownKeys();
            }
            if (strategy == Strategy.WEIGHTED && targets.stream().allMatch(t -> t.weight() == 0)) {
                throw m.error("targets", "the weighted strategy needs a target with a weight above 0");
            }
            Optional<Duration> deadline = m.duration("deadline");
            Optional<Boolean> cache = Optional.empty();
            Optional<Duration> cacheTtl = Optional.empty();
            ConfigNode cacheNode = m.child("cache");
            if (!cacheNode.isMissing()) {
                if (cacheNode.asStringIfBoolean().isPresent()) {
                    cache = cacheNode.asStringIfBoolean();
                } else {
                    cache = cacheNode.bool("enabled").or(() -> Optional.of(true));
                    cacheTtl = cacheNode.duration("ttl");
                    cacheNode.rejectUnknownKeys();
                }
            }
            m.rejectUnknownKeys();
            models.put(alias, new ModelRoute(alias, strategy, targets, deadline, cache, cacheTtl));
        }
        return models;
    }

    private static String choices(Set<String> names) {
        return names.isEmpty() ? "" : ". Available: " + String.join(", ", names);
    }

    private List<KeySpec> keys(ConfigNode node, Map<String, ModelRoute> models) {
        List<KeySpec> keys = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Set<String> hashes = new LinkedHashSet<>();
        for (ConfigNode k : node.items()) {
            String name = k.requiredString("name");
            if (!names.add(name)) {
                throw k.error("name", "another key is already named '" + name + "'");
            }
            Optional<String> plain = k.string("key");
            Optional<String> hashed = k.string("key_sha256");
            byte[] sha;
            if (plain.isPresent() == hashed.isPresent()) {
                throw k.error("give either key or key_sha256");
            } else if (plain.isPresent()) {
                if (plain.get().length() < 8) {
                    throw k.error("key", "a key needs at least 8 characters");
                }
                sha = sha256(plain.get());
            } else {
                try {
                    sha = HexFormat.of().parseHex(hashed.get().trim().toLowerCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw k.error("key_sha256", "expected 64 hex digits");
                }
                if (sha.length != 32) {
                    throw k.error("key_sha256", "expected 64 hex digits");
                }
            }
            if (!hashes.add(HexFormat.of().formatHex(sha))) {
                throw k.error("two keys have the same value");
            }
            Optional<List<String>> allowed = k.stringList("models");
            if (allowed.isPresent()) {
                for (int i = 0; i < allowed.get().size(); i++) {
                    String alias = allowed.get().get(i);
                    if (!models.containsKey(alias)) {
                        throw new ConfigException(k.path() + ".models[" + i + "]", "no model named '" + alias + "'");
                    }
                }
            }
            k.rejectUnknownKeys();
            keys.add(new KeySpec(name, sha, KeySpec.modelsOf(allowed)));
        }
        return keys;
    }

    private RedisSettings redis(ConfigNode node) {
        RedisSettings d = RedisSettings.DEFAULT;
        String url = node.string("url").orElse(d.url());
        checkRedisUrl(node, "url", url);
        Duration timeout = node.duration("timeout").orElse(d.timeout());
        if (timeout.isZero()) {
            throw node.error("timeout", "must be at least 1ms");
        }
        BreakerSettings breaker = breaker(node.child("circuit_breaker"), d.breaker());
        node.rejectUnknownKeys();
        return new RedisSettings(url, node.path() + ".url", timeout, breaker);
    }

    /** Refuses what no Redis client can connect to, without quoting the URL: it may hold a password. */
    private static void checkRedisUrl(ConfigNode node, String key, String url) {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            throw node.error(key, "not a URL; expected redis://HOST:PORT (or rediss:// for TLS)");
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw node.error(key, "expected redis://HOST:PORT (or rediss:// for TLS), not a " + uri.getScheme() + " URL");
        }
        if (uri.getHost() == null) {
            throw node.error(key, "the URL names no host; expected redis://HOST:PORT");
        }
    }

    private CacheSettings cache(ConfigNode node, RedisSettings sharedRedis) {
        CacheSettings d = CacheSettings.disabled();
        if (node.isMissing()) {
            return d;
        }
        boolean enabled = node.bool("enabled").orElse(true);
        String provider = node.string("provider").orElse("ehcache");
        if (!provider.equals("ehcache") && !provider.equals("redis")) {
            throw node.error("provider", "unknown cache provider '" + provider + "'. Available: ehcache, redis");
        }
        String scope = node.string("scope").orElse("shared");
        if (!scope.equals("shared") && !scope.equals("key")) {
            throw node.error("scope", "expected shared or key");
        }
        Set<Operation> endpoints = new LinkedHashSet<>();
        List<String> names = node.stringList("endpoints").orElse(List.of("speech", "transcriptions", "translations"));
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int index = i;
            endpoints.add(Arrays.stream(Operation.values()).filter(o -> o.configName().equals(name)).findFirst()
                    .orElseThrow(() -> new ConfigException(node.path() + ".endpoints[" + index + "]", "unknown endpoint '" + name
                            + "'. Available: speech, transcriptions, translations, images")));
        }
        int heapMb = node.integer("heap_mb").orElse(64);
        int diskMb = node.integer("disk_mb").orElse(2048);
        if (heapMb < 1 || diskMb < 0) {
            throw node.error("heap_mb must be at least 1 and disk_mb at least 0");
        }
        // cache.redis_url predates the shared redis section; it still works, and wins for the cache.
        Optional<String> ownUrl = node.string("redis_url");
        ownUrl.ifPresent(url -> checkRedisUrl(node, "redis_url", url));
        RedisSettings redis = ownUrl.map(url -> sharedRedis.withUrl(url, node.path() + ".redis_url")).orElse(sharedRedis);
        String onUnavailable = node.string("on_unavailable").orElse("bypass");
        CacheSettings.OnUnavailable whenUnavailable = Arrays.stream(CacheSettings.OnUnavailable.values())
                .filter(o -> o.configName().equals(onUnavailable)).findFirst()
                .orElseThrow(() -> node.error("on_unavailable", "expected bypass or fail"));
        CacheSettings cache = new CacheSettings(enabled, provider, node.duration("ttl").orElse(d.ttl()), heapMb,
                diskMb, Path.of(node.string("dir").orElse("./data/cache")), redis, scope.equals("key"), endpoints,
                whenUnavailable);
        node.rejectUnknownKeys();
        return cache;
    }

    /** The SHA-256 of a key as stored in the configuration ({@code key_sha256}). */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
