package dev.prism.http;

import dev.prism.testkit.FakeOpenAiUpstream;
import java.nio.file.Path;

/**
 * The configuration the HTTP tests run Prism with: OpenAI-type providers pointing at a
 * {@link FakeOpenAiUpstream}, aliases for every endpoint, a restricted key and an unrestricted one.
 */
final class UpstreamConfig {
    /** May use {@link #RESTRICTED_MODELS} only. */
    static final String RESTRICTED_KEY = "sk-test-key-1";
    static final String ADMIN_KEY = "sk-test-admin-key";
    static final String UPSTREAM_SECRET = "sk-upstream-secret";
    static final String PROVIDER = "openai-main";
    static final String SLOW_PROVIDER = "openai-slow";
    static final String[] RESTRICTED_MODELS = {"tts-1", "my-voice", "whisper-1", "org/model"};

    private UpstreamConfig() {}

    static String yaml(FakeOpenAiUpstream upstream) {
        return yaml(upstream, 25, null);
    }

    /**
     * @param spoolDir where uploads are spooled, or null for the default
     */
    static String yaml(FakeOpenAiUpstream upstream, int maxUploadMb, Path spoolDir) {
        return yaml(upstream, maxUploadMb, spoolDir, "");
    }

    /** @param serverSetting one more key of the {@code server} section, such as {@code max_in_flight: 1} */
    static String yaml(FakeOpenAiUpstream upstream, String serverSetting) {
        return yaml(upstream, 25, null, "  " + serverSetting + "\n");
    }

    private static String yaml(FakeOpenAiUpstream upstream, int maxUploadMb, Path spoolDir, String serverSettings) {
        return """
                server:
                  host: 127.0.0.1
                  port: 0
                  max_upload_mb: %d
                %s
                routing: { deadline: 30s }
                providers:
                  %s:
                    type: openai
                    base_url: %s
                    api_key: %s
                    timeout: 10s
                    retry: { max_attempts: 1 }
                    circuit_breaker: { failure_threshold: 1000 }
                  %s:
                    type: openai
                    base_url: %s
                    api_key: %s
                    timeout: 300ms
                    retry: { max_attempts: 1 }
                    circuit_breaker: { failure_threshold: 1000 }
                models:
                  tts-1: { targets: [ { provider: %3$s } ] }
                  gpt-4o-mini-tts: { targets: [ { provider: %3$s } ] }
                  my-voice: { targets: [ { provider: %3$s, model: gpt-4o-mini-tts } ] }
                  "org/model": { targets: [ { provider: %3$s, model: tts-1-hd } ] }
                  whisper-1: { targets: [ { provider: %3$s } ] }
                  gpt-4o-transcribe: { targets: [ { provider: %3$s } ] }
                  my-transcriber: { targets: [ { provider: %3$s, model: gpt-4o-mini-transcribe } ] }
                  dall-e-2: { targets: [ { provider: %3$s } ] }
                  dall-e-3: { targets: [ { provider: %3$s } ] }
                  gpt-image-1: { targets: [ { provider: %3$s } ] }
                  hang-tts: { targets: [ { provider: %6$s, model: tts-1 } ] }
                keys:
                  - { name: restricted, key: %s, models: [ tts-1, my-voice, whisper-1, "org/model" ] }
                  - { name: admin, key: %s }
                """.formatted(maxUploadMb, serverSettings + (spoolDir == null ? "" : "  spool_dir: \"" + spoolDir + "\""), PROVIDER,
                upstream.baseUrl(), UPSTREAM_SECRET, SLOW_PROVIDER, upstream.baseUrl(), UPSTREAM_SECRET, RESTRICTED_KEY,
                ADMIN_KEY);
    }
}
