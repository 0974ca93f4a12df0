package dev.prism.http.failover;

import dev.prism.testkit.FakeOpenAiUpstream;
import java.util.ArrayList;
import java.util.List;

/**
 * The YAML a failover test starts Prism with, built line by line: {@code type: openai} providers
 * pointing at fakes (each with its own upstream key, {@link #upstreamKey}), aliases over them and
 * one virtual key, {@link #KEY}, that may use every alias.
 *
 * <pre>{@code
 * String yaml = FailoverConfig.create()
 *         .provider("primary", primary, "retry: { max_attempts: 2, backoff: 10ms }")
 *         .provider("backup", backup)
 *         .alias("tts-1", "targets: [ { provider: primary }, { provider: backup } ]")
 *         .yaml();
 * }</pre>
 */
final class FailoverConfig {
    static final String KEY = "sk-failover-test-key";

    private final List<String> server = new ArrayList<>();
    private final List<String> providers = new ArrayList<>();
    private final List<String> aliases = new ArrayList<>();
    private String deadline = "30s";

    private FailoverConfig() {}

    static FailoverConfig create() {
        return new FailoverConfig();
    }

    /** The {@code api_key} Prism sends to the provider named {@code provider}: a secret nobody else may see. */
    static String upstreamKey(String provider) {
        return "sk-upstream-secret-of-" + provider;
    }

    /** {@code routing.deadline}. */
    FailoverConfig deadline(String duration) {
        this.deadline = duration;
        return this;
    }

    /** One more {@code server} setting, such as {@code spool_dir: /tmp/x}. */
    FailoverConfig server(String setting) {
        server.add(setting);
        return this;
    }

    /** A provider on a fake, with the host settings given in flow style ({@code timeout: 1s}). */
    FailoverConfig provider(String name, FakeOpenAiUpstream upstream, String... settings) {
        return provider(name, upstream.baseUrl(), settings);
    }

    /** A provider at any base URL (a closed port, say). */
    FailoverConfig provider(String name, String baseUrl, String... settings) {
        List<String> entries = new ArrayList<>(List.of("type: openai", "base_url: \"" + baseUrl + "\"",
                "api_key: " + upstreamKey(name)));
        entries.addAll(List.of(settings));
        providers.add("  " + name + ": { " + String.join(", ", entries) + " }");
        return this;
    }

    /** An alias, its settings in flow style: {@code targets: [ { provider: a } ], strategy: weighted}. */
    FailoverConfig alias(String alias, String settings) {
        aliases.add("  \"" + alias + "\": { " + settings + " }");
        return this;
    }

    String yaml() {
        StringBuilder yaml = new StringBuilder("server:\n  host: 127.0.0.1\n  port: 0\n");
        server.forEach(s -> yaml.append("  ").append(s).append('\n'));
        yaml.append("routing: { deadline: ").append(deadline).append(" }\n");
        yaml.append("providers:\n");
        providers.forEach(p -> yaml.append(p).append('\n'));
        yaml.append("models:\n");
        aliases.forEach(a -> yaml.append(a).append('\n'));
        yaml.append("keys:\n  - { name: tests, key: ").append(KEY).append(" }\n");
        return yaml.toString();
    }
}
