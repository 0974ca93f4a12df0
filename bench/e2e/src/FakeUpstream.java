import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fast fake of OpenAI's media API for the end-to-end benchmark: it answers at once (or after a set latency)
 * with bytes made up front, so what is measured is the hop in front of it, not the fake.
 *
 * <p>Each request may carry its own shape in its text (speech {@code input}, image {@code prompt}, a transcription's
 * {@code prompt} field), so direct, nginx and Prism runs get the same answers without restarting the fake:
 * {@code bytes=N} answer size, {@code ms=N} latency before the headers, {@code chunk=N} chunked answer in pieces of
 * N bytes, {@code pace=N} milliseconds between pieces. Missing ones take the command-line defaults.
 *
 * <p>Usage: {@code java FakeUpstream.java --port 18081 [--latency-ms 0] [--speech-bytes 32768] [--image-bytes 65536]}
 */
public final class FakeUpstream {
    private static final Pattern DIRECTIVE = Pattern.compile("\\b(bytes|ms|chunk|pace)=(\\d+)");
    private static final int SCAN = 4096;

    record Shape(int bytes, long latencyMs, int chunk, long paceMs) {
        Shape with(String text) {
            int b = bytes; long ms = latencyMs; int c = chunk; long p = paceMs;
            Matcher m = DIRECTIVE.matcher(text);
            while (m.find()) {
                long v = Long.parseLong(m.group(2));
                switch (m.group(1)) {
                    case "bytes" -> b = (int) v;
                    case "ms" -> ms = v;
                    case "chunk" -> c = (int) v;
                    default -> p = v;
                }
            }
            return new Shape(b, ms, c, p);
        }
    }

    private static byte[] filler = new byte[0];

    public static void main(String[] args) throws IOException {
        // Without it the JDK server's small writes meet the client's delayed ACK: ~40 ms added to each answer.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = 18081;
        long latencyMs = 0;
        int speechBytes = 32 * 1024;
        int imageBytes = 64 * 1024;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--latency-ms" -> latencyMs = Long.parseLong(args[i + 1]);
                case "--speech-bytes" -> speechBytes = Integer.parseInt(args[i + 1]);
                case "--image-bytes" -> imageBytes = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        filler = new byte[32 * 1024 * 1024];
        // Base64-alphabet bytes: valid as audio payload and as b64_json alike.
        byte[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < filler.length; i++) filler[i] = alphabet[(i * 31 + (i >>> 7)) & 63];

        Shape speech = new Shape(speechBytes, latencyMs, 0, 0);
        Shape image = new Shape(imageBytes, latencyMs, 0, 0);
        Shape plain = new Shape(0, latencyMs, 0, 0);

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange, speech, image, plain);
            } catch (IOException | RuntimeException e) {
                // a client that went away mid-answer: nothing to do, the exchange is closed above
            }
        });
        server.start();
        System.out.println("fake upstream listening on 127.0.0.1:" + port);
    }

    private static void handle(HttpExchange exchange, Shape speech, Shape image, Shape plain) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/v1/traces") || path.equals("/v1/metrics")) {
            // A stand-in OpenTelemetry collector (E2E_OTLP=true): takes the export and answers an empty success.
            drain(exchange.getRequestBody(), null);
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || auth.startsWith("Bearer sk-bad")) {
            drain(exchange.getRequestBody(), null);
            json(exchange, 401, plain, "{\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
            return;
        }
        if (path.endsWith("/models")) {
            json(exchange, 200, plain, "{\"object\":\"list\",\"data\":[{\"id\":\"tts-1\",\"object\":\"model\",\"created\":1,\"owned_by\":\"fake\"},"
                    + "{\"id\":\"whisper-1\",\"object\":\"model\",\"created\":1,\"owned_by\":\"fake\"},"
                    + "{\"id\":\"gpt-image-1\",\"object\":\"model\",\"created\":1,\"owned_by\":\"fake\"}]}");
            return;
        }
        String scanned = drain(exchange.getRequestBody(), new StringBuilder());
        if (path.endsWith("/audio/speech")) {
            Shape s = speech.with(scanned);
            pause(s.latencyMs());
            exchange.getResponseHeaders().set("Content-Type", "audio/mpeg");
            send(exchange, s, filler, s.bytes());
        } else if (path.endsWith("/audio/transcriptions") || path.endsWith("/audio/translations")) {
            json(exchange, 200, plain.with(scanned), "{\"text\":\"The quick brown fox jumps over the lazy dog.\"}");
        } else if (path.endsWith("/images/generations")) {
            Shape s = image.with(scanned);
            pause(s.latencyMs());
            byte[] head = "{\"created\":1700000000,\"data\":[{\"b64_json\":\"".getBytes(StandardCharsets.US_ASCII);
            byte[] tail = "\"}]}".getBytes(StandardCharsets.US_ASCII);
            byte[] body = new byte[head.length + s.bytes() + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(filler, 0, body, head.length, s.bytes());
            System.arraycopy(tail, 0, body, head.length + s.bytes(), tail.length);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            send(exchange, s, body, body.length);
        } else {
            json(exchange, 404, plain, "{\"error\":{\"message\":\"Unknown route " + path + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
        }
    }

    private static void json(HttpExchange exchange, int status, Shape s, String body) throws IOException {
        pause(s.latencyMs());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void send(HttpExchange exchange, Shape s, byte[] source, int length) throws IOException {
        if (s.chunk() <= 0) {
            exchange.sendResponseHeaders(200, length);
            exchange.getResponseBody().write(source, 0, length);
            return;
        }
        exchange.sendResponseHeaders(200, 0); // chunked
        OutputStream out = exchange.getResponseBody();
        for (int offset = 0; offset < length; offset += s.chunk()) {
            if (offset > 0) pause(s.paceMs());
            out.write(source, offset, Math.min(s.chunk(), length - offset));
            out.flush();
        }
    }

    /** Reads the whole body; keeps its first and last {@value SCAN} bytes as text to find the directives in. */
    private static String drain(InputStream in, StringBuilder keep) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        byte[] first = new byte[SCAN];
        byte[] last = new byte[SCAN];
        int firstLength = 0;
        int lastLength = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (keep == null) continue;
            if (firstLength < SCAN) {
                int take = Math.min(SCAN - firstLength, n);
                System.arraycopy(buffer, 0, first, firstLength, take);
                firstLength += take;
            }
            if (n >= SCAN) {
                System.arraycopy(buffer, n - SCAN, last, 0, SCAN);
                lastLength = SCAN;
            } else {
                int keepOld = Math.min(lastLength, SCAN - n);
                System.arraycopy(last, lastLength - keepOld, last, 0, keepOld);
                System.arraycopy(buffer, 0, last, keepOld, n);
                lastLength = keepOld + n;
            }
        }
        if (keep == null) return "";
        return new String(first, 0, firstLength, StandardCharsets.ISO_8859_1) + "\n"
                + new String(Arrays.copyOf(last, lastLength), StandardCharsets.ISO_8859_1);
    }

    private static void pause(long ms) {
        if (ms <= 0) return;
        try {
            Thread.sleep(ms); // the simulated upstream's think time, the point of this fake
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
