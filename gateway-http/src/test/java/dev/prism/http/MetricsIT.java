package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.http.PrometheusText.Family;
import dev.prism.http.PrometheusText.Sample;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} after served, refused, rate-limited and cached requests, read with a strict parser. */
class MetricsIT {
    private static final String LIMITED_KEY = "sk-metrics-limited-7c1f";
    private static final String FREE_KEY = "sk-metrics-free-93ab";
    private static final String ADMIN_KEY = "sk-metrics-admin-55de";
    private static final String UNKNOWN_KEY = "sk-metrics-nobody-0a0a";

    private static RunningPrism prism;
    private static PrometheusText scrape;
    private static String scrapeText;

    @BeforeAll
    static void requestsThenScrape() {
        prism = RunningPrism.start("""
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  mock: { type: mock }
                models:
                  tts-1: { targets: [ { provider: mock } ] }
                keys:
                  - { name: team-limited, key: %s, rate_limit: { requests_per_minute: 1 } }
                  - { name: team-free, key: %s }
                admin: { key: %s }
                cache: { enabled: true, disk_mb: 0 }
                """.formatted(LIMITED_KEY, FREE_KEY, ADMIN_KEY));
        assertThat(speech(FREE_KEY, "tts-1", "hello").statusCode()).isEqualTo(200);
        assertThat(speech(FREE_KEY, "tts-1", "hello").statusCode()).isEqualTo(200);
        assertThat(speech(UNKNOWN_KEY, "tts-1", "hello").statusCode()).isEqualTo(401);
        assertThat(speech(LIMITED_KEY, "tts-1", "first").statusCode()).isEqualTo(200);
        assertThat(speech(LIMITED_KEY, "tts-1", "second").statusCode()).isEqualTo(429);
        assertThat(speech(FREE_KEY, "a-model-made-up-by-a-client", "hello").statusCode()).isBetween(400, 404);
        // Listeners hear of each call on a thread of their own: wait (with a bound) until all six are counted.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            scrapeText = scrapeWith(ADMIN_KEY);
            scrape = PrometheusText.parse(scrapeText);
            // A listener records a call's instruments one after another: wait for the last ones too.
            if (scrape.sum("prism_requests_total", Map.of()) >= 6
                    && scrape.sum("prism_request_duration_seconds_count", Map.of()) >= 6
                    && scrapeText.contains("prism_rate_limited_total")) {
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        } while (System.nanoTime() < deadline);
    }

    @AfterAll
    static void stop() {
        prism.close();
    }

    private static HttpResponse<byte[]> speech(String key, String model, String input) {
        return prism.postJson("/v1/audio/speech", key, "{\"model\":\"" + model + "\",\"input\":\"" + input
                + "\",\"voice\":\"alloy\",\"response_format\":\"wav\"}");
    }

    private static String scrapeWith(String key) {
        HttpResponse<byte[]> response = prism.get("/metrics", key);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }

    @Test
    void requestsAreCountedByEndpointModelProviderAndStatus() {
        assertThat(scrape.family("prism_requests_total").type()).isEqualTo("counter");
        assertThat(scrape.sum("prism_requests_total", Map.of())).isEqualTo(6);
        assertThat(scrape.sum("prism_requests_total", labels("endpoint", "speech", "model", "tts-1", "provider", "mock",
                "status", "200"))).isEqualTo(3);
        assertThat(scrape.sum("prism_requests_total", labels("status", "401", "provider", "none"))).isEqualTo(1);
        assertThat(scrape.sum("prism_requests_total", labels("model", "tts-1", "status", "429"))).isEqualTo(1);
        // What a client made up is not a label value.
        assertThat(scrape.sum("prism_requests_total", labels("model", "unknown"))).isEqualTo(1);
        assertThat(scrapeText).doesNotContain("a-model-made-up-by-a-client");
    }

    @Test
    void theRequestHistogramIsCumulativeAndCountsEveryRequest() {
        Family duration = scrape.family("prism_request_duration_seconds");
        assertThat(duration.type()).isEqualTo("histogram");
        assertThat(scrape.sum("prism_request_duration_seconds_count", Map.of())).isEqualTo(6);
        Map<Map<String, String>, List<Sample>> bucketsBySeries = duration.samples().stream()
                .filter(s -> s.name().endsWith("_bucket"))
                .collect(Collectors.groupingBy(s -> withoutLe(s.labels())));
        assertThat(bucketsBySeries).isNotEmpty();
        bucketsBySeries.forEach((series, buckets) -> {
            List<Double> bounds = buckets.stream().map(b -> Double.parseDouble(b.labels().get("le").replace("+Inf",
                    "Infinity"))).toList();
            assertThat(bounds).isSorted().startsWith(0.005).contains(120.0).endsWith(Double.POSITIVE_INFINITY);
            assertThat(buckets.stream().map(Sample::value).toList()).as("cumulative buckets of %s", series).isSorted();
            double count = scrape.sum("prism_request_duration_seconds_count", series);
            assertThat(buckets.getLast().value()).as("the +Inf bucket is the count").isEqualTo(count);
            assertThat(scrape.samples("prism_request_duration_seconds_sum", series)).hasSize(1);
        });
        assertThat(scrape.sum("prism_request_duration_seconds_count", labels("status", "200"))).isEqualTo(3);
    }

    private static Map<String, String> withoutLe(Map<String, String> labels) {
        Map<String, String> series = new HashMap<>(labels);
        series.remove("le");
        return series;
    }

    @Test
    void upstreamTimeAndOverheadAreMeasuredForCallsThatWentUpstream() {
        // Two calls reached the mock (the first of team-free, and team-limited's first); the repeat was a hit.
        assertThat(scrape.sum("prism_upstream_duration_seconds_count", labels("provider", "mock", "outcome",
                "answered"))).isEqualTo(2);
        assertThat(scrape.sum("prism_overhead_seconds_count", labels("model", "tts-1"))).isEqualTo(2);
        assertThat(scrape.sum("prism_time_to_first_byte_seconds_count", labels("model", "tts-1"))).isEqualTo(2);
        assertThat(scrape.sum("prism_upstream_first_byte_seconds_count", labels("provider", "mock"))).isEqualTo(2);
        assertThat(scrape.sum("prism_overhead_seconds_sum", Map.of()))
                .isLessThanOrEqualTo(scrape.sum("prism_request_duration_seconds_sum", labels("status", "200")));
    }

    @Test
    void cacheHitsAndMissesAndRefusalsByLimitAreCounted() {
        assertThat(scrape.sum("prism_cache_requests_total", labels("result", "hit"))).isEqualTo(1);
        assertThat(scrape.sum("prism_cache_requests_total", labels("result", "miss"))).isEqualTo(2);
        assertThat(scrape.sum("prism_cache_served_bytes_total", Map.of())).isPositive();
        assertThat(scrape.sum("prism_rate_limited_total", labels("owner", "key", "limit", "requests_per_minute")))
                .isEqualTo(1);
        assertThat(scrape.sum("prism_sent_bytes_total", labels("model", "tts-1"))).isPositive();
        assertThat(scrape.sum("prism_received_bytes_total", labels("model", "tts-1"))).isPositive();
        assertThat(scrape.sum("prism_cost_usd_total", labels("key", "team-free", "model", "tts-1"))).isPositive();
        assertThat(scrape.sum("prism_media_units_total", labels("model", "tts-1", "unit", "characters")))
                .isEqualTo("hello".length() + "first".length());
    }

    @Test
    void gaugesShowBreakersRequestsInFlightAndTheJvm() {
        assertThat(scrape.family("prism_breaker_state").type()).isEqualTo("gauge");
        assertThat(scrape.samples("prism_breaker_state", labels("provider", "mock"))).singleElement()
                .extracting(Sample::value).isEqualTo(0.0);
        assertThat(scrape.samples("prism_requests_in_flight", Map.of())).singleElement()
                .extracting(Sample::value).isEqualTo(0.0);
        assertThat(scrape.sum("jvm_memory_used_bytes", labels("area", "heap"))).isPositive();
        assertThat(scrape.sum("jvm_threads_live", Map.of())).isPositive();
        assertThat(scrape.families()).containsKey("jvm_gc_collections_total");
    }

    @Test
    void everyFamilyTheDocsNameIsThere() {
        assertThat(scrape.families()).containsKeys("prism_requests_total", "prism_request_duration_seconds",
                "prism_upstream_duration_seconds", "prism_overhead_seconds", "prism_time_to_first_byte_seconds",
                "prism_upstream_first_byte_seconds", "prism_received_bytes_total", "prism_sent_bytes_total",
                "prism_cache_requests_total", "prism_cache_served_bytes_total", "prism_rate_limited_total",
                "prism_media_units_total", "prism_requests_in_flight", "prism_breaker_state", "prism_ledger_queue_rows",
                "prism_ledger_spill_size_bytes", "prism_ledger_database_up", "prism_ledger_rows_written_total",
                "prism_ledger_rows_spilled_total", "prism_ledger_rows_dropped_total", "jvm_memory_used_bytes",
                "jvm_memory_committed_bytes", "jvm_memory_max_bytes", "jvm_threads_live", "jvm_threads_daemon",
                "jvm_threads_peak", "jvm_gc_collections_total", "jvm_gc_collection_time_seconds_total");
    }

    @Test
    void noKeyOfAnyKindAppearsInTheScrape() {
        assertThat(scrapeText).doesNotContain(LIMITED_KEY, FREE_KEY, ADMIN_KEY, UNKNOWN_KEY,
                "sk-");
    }

    @Test
    void theScrapeTakesTheAdminKeyByDefault() {
        assertThat(prism.get("/metrics", null).statusCode()).isEqualTo(401);
        assertThat(prism.get("/metrics", FREE_KEY).statusCode()).isEqualTo(403);
    }

    @Test
    void withoutAnAdminKeyTheScrapeIsRefusedUnlessOpenedInTheConfiguration() {
        String config = """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  mock: { type: mock }
                models:
                  tts-1: { targets: [ { provider: mock } ] }
                keys:
                  - { name: team-free, key: %s }
                %s
                """;
        try (RunningPrism closed = RunningPrism.start(config.formatted(FREE_KEY, ""))) {
            HttpResponse<byte[]> refused = closed.get("/metrics", FREE_KEY);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("metrics_key_required");
        }
        try (RunningPrism open = RunningPrism.start(config.formatted(FREE_KEY,
                "telemetry: { metrics_key_required: false }"))) {
            HttpResponse<byte[]> scraped = open.get("/metrics", null);
            assertThat(scraped.statusCode()).isEqualTo(200);
            PrometheusText parsed = PrometheusText.parse(new String(scraped.body(), StandardCharsets.UTF_8));
            assertThat(parsed.family("prism_requests_in_flight").type()).isEqualTo("gauge");
        }
    }
}
