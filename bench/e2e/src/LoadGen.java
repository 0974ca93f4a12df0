import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The end-to-end load generator: runs every scenario against every target (the fake upstream directly, a bare nginx
 * hop, Prism) one after the other, prints one table of ratios and added latency, and appends one JSON line a run.
 *
 * <p>Closed loop: N connections, each sends its next request when the last answer ended (throughput).
 * Open loop: requests are due at a fixed rate and latency is measured from when a request was due, not from when it
 * was sent, so a slow answer that delays the next send is counted against the target (no coordinated omission).
 *
 * <p>Every loop ends at a deadline; every request has a timeout. Only 127.0.0.1 is ever addressed by run.sh.
 */
public final class LoadGen {
    static final String GOOD_KEY = "sk-bench-e2e-key";
    static final String BAD_KEY = "sk-bad-e2e-key";

    enum Mode { CLOSED, OPEN }

    /** What to send, how, and what answer counts as success. */
    record Scenario(String name, String description, Mode mode, int connections, int ratePerSecond,
                    String method, String path, String contentType, byte[] body, String key, int expectedStatus,
                    boolean timeToFirstByte, boolean usesCacheTarget) {}

    record Target(String name, String baseUrl) {}

    record Result(Scenario scenario, Target target, double seconds, long requests, long errors, long[] sortedMicros,
                  String firstError) {
        double throughput() { return requests / seconds; }
        double percentileMs(double p) {
            if (sortedMicros.length == 0) return Double.NaN;
            int index = (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1;
            return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, index))] / 1000.0;
        }
    }

    /** Latencies of one run, in microseconds; shared by the workers of that run. */
    static final class Recorder {
        private long[] micros = new long[1 << 16];
        private int size;
        private long errors;
        private String firstError;

        synchronized void success(long nanos) {
            if (size == micros.length) micros = Arrays.copyOf(micros, size * 2);
            micros[size++] = nanos / 1000;
        }

        synchronized void error(String what) {
            errors++;
            if (firstError == null) firstError = what;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(micros, size);
            Arrays.sort(copy);
            return copy;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--target")) {
                String[] nameUrl = args[i + 1].split("=", 2);
                targets.add(new Target(nameUrl[0], nameUrl[1]));
            } else {
                options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
        }
        double seconds = Double.parseDouble(options.getOrDefault("duration", "10"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "2"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "16"));
        String cacheUrl = options.get("cache-target");
        String only = options.getOrDefault("scenarios", "all");
        Path out = Path.of(options.getOrDefault("out", "results.jsonl"));
        String runId = options.getOrDefault("run", Instant.now().toString());
        String prismTarget = options.getOrDefault("prism-target-name", "prism");

        List<Scenario> scenarios = new ArrayList<>();
        for (Scenario s : scenarios(connections)) {
            if (only.equals("all") || Arrays.asList(only.split(",")).contains(s.name())) scenarios.add(s);
        }

        // Prism's JIT compiles for tens of seconds after start (on the one core it is pinned to, beside the
        // fake), which the short per-scenario warm-up does not cover: a JVM is judged warm, as it runs in
        // production, so every scenario is first run against Prism alone.
        double jvmWarmup = Double.parseDouble(options.getOrDefault("jvm-warmup", "40"));
        List<Scenario> warming = scenarios.stream().filter(s -> !s.name().startsWith("transcribe_25m")).toList();
        if (jvmWarmup > 0 && !warming.isEmpty()) {
            double each = jvmWarmup / warming.size();
            System.err.printf(Locale.ROOT, "  warming Prism's JVM up: %d scenarios, %.1f s each%n", warming.size(), each);
            for (Scenario scenario : warming) {
                for (Target target : targets) {
                    if (target.name().equals(prismTarget)) {
                        run(scenario, effective(scenario, target, prismTarget, cacheUrl), each);
                    }
                }
            }
        }

        List<Result> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            for (Target target : targets) {
                Target effective = effective(scenario, target, prismTarget, cacheUrl);
                if (warmup > 0) run(scenario, effective, warmup);
                Result result = run(scenario, effective, seconds);
                results.add(result);
                System.err.printf(Locale.ROOT, "  %-22s %-6s %9.1f req/s  p50 %8.3f ms  p99 %8.3f ms  errors %d%s%n",
                        scenario.name(), target.name(), result.throughput(), result.percentileMs(50),
                        result.percentileMs(99), result.errors(),
                        result.firstError() == null ? "" : " (first: " + result.firstError() + ")");
                appendJson(out, runId, result);
            }
        }
        printTable(results, targets);
        printGoals(results);
    }

    /** The target a scenario is sent to: the cache-hit scenario goes to the Prism instance with the cache on. */
    static Target effective(Scenario scenario, Target target, String prismTarget, String cacheUrl) {
        return scenario.usesCacheTarget() && target.name().equals(prismTarget) && cacheUrl != null
                ? new Target(target.name(), cacheUrl) : target;
    }

    /** The goals of docs/performance.md that one run can judge; a goal whose scenarios did not run is skipped. */
    static void printGoals(List<Result> results) {
        Map<String, Result> byKey = new LinkedHashMap<>();
        for (Result r : results) byKey.put(r.scenario().name() + "/" + r.target().name(), r);
        System.out.println();
        System.out.println("goals (docs/performance.md):");
        for (String name : List.of("speech_32k", "speech_1m", "transcribe_256k", "transcribe_1m", "transcribe_25m", "images_json")) {
            Result nginx = byKey.get(name + "/nginx");
            Result prism = byKey.get(name + "/prism");
            if (nginx == null || prism == null) continue;
            double share = prism.throughput() / nginx.throughput();
            goal(share >= 0.8, String.format(Locale.ROOT, "%s: Prism's throughput >= 80%% of nginx's (%.0f%%)", name, share * 100));
        }
        added(byKey, "speech_32k_200rps", 0.5, 2.0);
        added(byKey, "transcribe_1m_100rps", 0.5, 3.0);
        added(byKey, "speech_stream_ttfb", 0.5, Double.NaN);
        Result cache = byKey.get("cache_hit/prism");
        if (cache != null) {
            goal(cache.throughput() >= 10_000 && cache.errors() == 0,
                    String.format(Locale.ROOT, "cache_hit: >= 10,000 req/s (%.0f)", cache.throughput()));
        }
    }

    static void added(Map<String, Result> byKey, String name, double p50Ms, double p99Ms) {
        Result direct = byKey.get(name + "/direct");
        Result prism = byKey.get(name + "/prism");
        if (direct == null || prism == null) return;
        double addedP50 = prism.percentileMs(50) - direct.percentileMs(50);
        double addedP99 = prism.percentileMs(99) - direct.percentileMs(99);
        boolean met = addedP50 <= p50Ms && (Double.isNaN(p99Ms) || addedP99 <= p99Ms) && prism.errors() == 0;
        goal(met, String.format(Locale.ROOT, "%s: added p50 <= %.1f ms (%+.3f)%s, no errors (%d)", name, p50Ms, addedP50,
                Double.isNaN(p99Ms) ? "" : String.format(Locale.ROOT, ", added p99 <= %.1f ms (%+.3f)", p99Ms, addedP99),
                prism.errors()));
    }

    static void goal(boolean met, String what) {
        System.out.println((met ? "  met      " : "  NOT MET  ") + what);
    }

    static List<Scenario> scenarios(int n) {
        List<Scenario> list = new ArrayList<>();
        list.add(speech("speech_32k", "speech, 32 KB answer, closed loop", Mode.CLOSED, n, 0, "bytes=32768 ms=0", false, false));
        list.add(speech("speech_1m", "speech, 1 MB clip, closed loop", Mode.CLOSED, n, 0, "bytes=1048576 ms=0", false, false));
        list.add(speech("speech_32k_200rps", "speech 32 KB at 200 req/s, 50 ms upstream, open loop", Mode.OPEN, 0, 200, "bytes=32768 ms=50", false, false));
        list.add(speech("speech_stream_ttfb", "streaming speech time to first byte, 50 ms upstream, 8 KB chunks every 5 ms, 50 req/s", Mode.OPEN, 0, 50, "bytes=131072 ms=50 chunk=8192 pace=5", true, false));
        list.add(transcription("transcribe_256k", "transcription upload 256 KB, closed loop", Mode.CLOSED, n, 0, 256 * 1024, "ms=0"));
        list.add(transcription("transcribe_1m", "transcription upload 1 MB, closed loop", Mode.CLOSED, n, 0, 1024 * 1024, "ms=0"));
        list.add(transcription("transcribe_1m_100rps", "transcription upload 1 MB at 100 req/s, 50 ms upstream, open loop", Mode.OPEN, 0, 100, 1024 * 1024, "ms=50"));
        list.add(transcription("transcribe_25m", "transcription upload 25 MB, closed loop, 4 connections", Mode.CLOSED, Math.min(n, 4), 0, 25_000_000, "ms=0"));
        list.add(transcription("transcribe_25m_x50", "transcription upload 25 MB, 50 at once (the spool and heap goal)", Mode.CLOSED, 50, 0, 25_000_000, "ms=0"));
        list.add(new Scenario("images_json", "images, 64 KB b64_json answer, closed loop", Mode.CLOSED, n, 0, "POST", "/v1/images/generations",
                "application/json", json("{\"model\":\"gpt-image-1\",\"prompt\":\"a lighthouse bytes=65536 ms=0\",\"n\":1,\"size\":\"1024x1024\",\"response_format\":\"b64_json\"}"),
                GOOD_KEY, 200, false, false));
        list.add(new Scenario("models", "GET /v1/models, closed loop", Mode.CLOSED, n, 0, "GET", "/v1/models", null, null, GOOD_KEY, 200, false, false));
        list.add(speech("cache_hit", "speech, the same 50 KB clip every time (Prism: from its cache), closed loop", Mode.CLOSED, n, 0, "bytes=51200 ms=0", false, true));
        list.add(new Scenario("bad_key", "speech with a refused key (401), closed loop", Mode.CLOSED, n, 0, "POST", "/v1/audio/speech", "application/json",
                json("{\"model\":\"tts-1\",\"input\":\"bytes=32768\",\"voice\":\"alloy\",\"response_format\":\"mp3\"}"), BAD_KEY, 401, false, false));
        return list;
    }

    static Scenario speech(String name, String description, Mode mode, int connections, int rate, String directives,
                           boolean ttfb, boolean cache) {
        byte[] body = json("{\"model\":\"tts-1\",\"input\":\"Hello from the bench. " + directives
                + "\",\"voice\":\"alloy\",\"response_format\":\"mp3\"}");
        return new Scenario(name, description, mode, connections, rate, "POST", "/v1/audio/speech", "application/json",
                body, GOOD_KEY, 200, ttfb, cache);
    }

    static Scenario transcription(String name, String description, Mode mode, int connections, int rate, int fileBytes,
                                  String directives) {
        String boundary = "----prism-bench-boundary-7f3a";
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nbench " + directives + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp3\"\r\n"
                + "Content-Type: audio/mpeg\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] tailBytes = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[headBytes.length + fileBytes + tailBytes.length];
        System.arraycopy(headBytes, 0, body, 0, headBytes.length);
        // A stream of MP3 frames (MPEG-1 layer III, 128 kbit/s, 44.1 kHz: 417 bytes each) of silence, as an
        // encoder writes them: Prism measures the clip's duration by walking them. No byte is directive text.
        byte[] header = {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64};
        for (int frame = 0; frame < fileBytes; frame += 417) {
            System.arraycopy(header, 0, body, headBytes.length + frame, Math.min(4, fileBytes - frame));
        }
        System.arraycopy(tailBytes, 0, body, headBytes.length + fileBytes, tailBytes.length);
        return new Scenario(name, description, mode, connections, rate, "POST", "/v1/audio/transcriptions",
                "multipart/form-data; boundary=" + boundary, body, GOOD_KEY, 200, false, false);
    }

    static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Result run(Scenario scenario, Target target, double seconds) throws InterruptedException {
        Recorder recorder = new Recorder();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = request(scenario, target);
        long durationNanos = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long deadline = start + durationNanos;
        AtomicLong completed = new AtomicLong();
        if (scenario.mode() == Mode.CLOSED) {
            CountDownLatch done = new CountDownLatch(scenario.connections());
            for (int c = 0; c < scenario.connections(); c++) {
                Thread.ofVirtual().start(() -> {
                    try {
                        while (System.nanoTime() < deadline) {
                            long sent = System.nanoTime();
                            if (exchange(client, request, scenario, recorder, sent)) completed.incrementAndGet();
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await(durationNanos + TimeUnit.SECONDS.toNanos(120), TimeUnit.NANOSECONDS);
        } else {
            long total = (long) (seconds * scenario.ratePerSecond());
            CountDownLatch done = new CountDownLatch((int) total);
            for (long i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / scenario.ratePerSecond());
                long wait;
                while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                Thread.ofVirtual().start(() -> {
                    try {
                        if (exchange(client, request, scenario, recorder, due)) completed.incrementAndGet();
                    } finally {
                        done.countDown();
                    }
                });
            }
            if (!done.await(60, TimeUnit.SECONDS)) recorder.error("still unanswered 60 s after the last send");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (scenario.mode() == Mode.OPEN) elapsed = seconds; // requests were offered over exactly this long
        client.shutdownNow();
        return new Result(scenario, target, elapsed, completed.get(), recorder.errors, recorder.sorted(), recorder.firstError);
    }

    static HttpRequest request(Scenario scenario, Target target) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.baseUrl() + scenario.path()))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + scenario.key());
        if (scenario.contentType() != null) builder.header("Content-Type", scenario.contentType());
        if (scenario.body() == null) return builder.GET().build();
        return builder.method(scenario.method(), HttpRequest.BodyPublishers.ofByteArray(scenario.body())).build();
    }

    /** One request; records its latency from {@code from} (the send, or when it was due) to its end or first byte. */
    static boolean exchange(HttpClient client, HttpRequest request, Scenario scenario, Recorder recorder, long from) {
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long latency;
            try (InputStream body = response.body()) {
                byte[] buffer = new byte[64 * 1024];
                int first = body.read(buffer);
                long firstByte = System.nanoTime();
                if (first >= 0) while (body.read(buffer) >= 0) { /* drain */ }
                latency = (scenario.timeToFirstByte() ? firstByte : System.nanoTime()) - from;
            }
            if (response.statusCode() != scenario.expectedStatus()) {
                recorder.error("status " + response.statusCode());
                return false;
            }
            recorder.success(latency);
            return true;
        } catch (IOException e) {
            recorder.error(e.getClass().getSimpleName() + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            recorder.error("interrupted");
            return false;
        }
    }

    static void appendJson(Path out, String runId, Result r) {
        Scenario s = r.scenario();
        String line = String.format(Locale.ROOT,
                "{\"run\":\"%s\",\"scenario\":\"%s\",\"target\":\"%s\",\"url\":\"%s\",\"mode\":\"%s\",\"connections\":%d,"
                        + "\"rate_per_s\":%d,\"metric\":\"%s\",\"seconds\":%.3f,\"requests\":%d,\"errors\":%d,"
                        + "\"throughput_per_s\":%.2f,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f%s}",
                runId, s.name(), r.target().name(), r.target().baseUrl(), s.mode().name().toLowerCase(Locale.ROOT),
                s.connections(), s.ratePerSecond(), s.timeToFirstByte() ? "ttfb" : "latency", r.seconds(), r.requests(),
                r.errors(), r.throughput(), nan(r.percentileMs(50)), nan(r.percentileMs(90)), nan(r.percentileMs(99)),
                nan(r.percentileMs(99.9)), nan(r.percentileMs(100)),
                r.firstError() == null ? "" : ",\"first_error\":\"" + r.firstError().replace("\\", "\\\\").replace("\"", "'") + "\"");
        try {
            Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + out, e);
        }
    }

    static double nan(double v) {
        return Double.isNaN(v) ? -1 : v;
    }

    static void printTable(List<Result> results, List<Target> targets) {
        PrintWriter out = new PrintWriter(System.out, true);
        out.printf(Locale.ROOT, "%n%-22s %-6s %10s %8s %9s %9s %9s %9s %7s %9s %9s%n", "scenario", "target", "req/s",
                "x direct", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "errors", "+p50 ms", "+p99 ms");
        String current = null;
        Result direct = null;
        for (Result r : results) {
            if (!r.scenario().name().equals(current)) {
                current = r.scenario().name();
                direct = r.target().name().equals("direct") ? r : null;
            }
            String ratio = direct == null ? "-" : String.format(Locale.ROOT, "%.2f", r.throughput() / direct.throughput());
            String addedP50 = direct == null ? "-" : String.format(Locale.ROOT, "%+.3f", r.percentileMs(50) - direct.percentileMs(50));
            String addedP99 = direct == null ? "-" : String.format(Locale.ROOT, "%+.3f", r.percentileMs(99) - direct.percentileMs(99));
            out.printf(Locale.ROOT, "%-22s %-6s %10.1f %8s %9.3f %9.3f %9.3f %9.3f %7d %9s %9s%n",
                    r.scenario().name(), r.target().name(), r.throughput(), ratio, r.percentileMs(50), r.percentileMs(90),
                    r.percentileMs(99), r.percentileMs(99.9), r.errors(), addedP50, addedP99);
        }
        out.println("(open-loop scenarios offer a fixed rate: compare latency, not req/s; speech_stream_ttfb is time to first byte)");
    }
}
