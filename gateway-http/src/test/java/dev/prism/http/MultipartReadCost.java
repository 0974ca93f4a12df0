package dev.prism.http;

import io.helidon.common.GenericType;
import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import io.helidon.http.media.MediaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * How much CPU reading a transcription form costs: the bench's 256 KB and 25 MB forms parsed many times,
 * each part drained into a 64 KiB buffer as the spooler reads it (no hashing, no disk), from a stream that
 * hands out at most 16 KiB a read as a socket does. Prints the thread CPU time per form.
 *
 * <p>Not a test: run it by hand. With Helidon 4.1.3's {@code helidon-http-media-multipart} jar added to the
 * class path it measures Helidon's reader (the one Prism used before {@link MultipartReader}) beside it:
 * <pre>{@code
 * java -cp gateway-http/target/test-classes:gateway-http/target/classes:<test class path>[:helidon-http-media-multipart-4.1.3.jar] \
 *     dev.prism.http.MultipartReadCost
 * }</pre>
 */
public final class MultipartReadCost {
    private static final String BOUNDARY = "----prism-bench-boundary-7f3a";
    private static final int SOCKET_READ = 16 * 1024;
    private static long sink;

    private MultipartReadCost() {}

    interface FormReader {
        void readAll(InputStream body) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        List<Form> forms = List.of(new Form("256 KB MP3 frames", form(mp3Frames(256 * 1024)), 4000),
                new Form("256 KB random bytes", form(random(256 * 1024)), 4000),
                new Form("25 MB MP3 frames", form(mp3Frames(25_000_000)), 40),
                new Form("25 MB random bytes", form(random(25_000_000)), 40));
        boolean helidon = helidonOnClassPath();
        System.out.printf("JDK %s; CPU time per form, the best of 5 rounds%n", Runtime.version());
        for (Form form : forms) {
            if (helidon) {
                measure("Helidon 4.1.3 MultiPart", MultipartReadCost::helidon, form);
            }
            measure("MultipartReader", MultipartReadCost::prism, form);
        }
        System.out.println(sink == 42 ? "" : "done");
    }

    record Form(String name, byte[] body, int times) {}

    private static void measure(String reader, FormReader read, Form form) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 6; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < form.times(); i++) {
                read.readAll(socketLike(form.body()));
            }
            long perForm = (threads.getCurrentThreadCpuTime() - start) / form.times();
            if (round > 0) {  // the first round warms the JIT up
                best = Math.min(best, perForm);
            }
        }
        System.out.printf("%-20s %-24s %10.3f ms  %6.0f MB/s%n", form.name(), reader, best / 1e6,
                form.body().length / (best / 1e9) / 1e6);
    }

    private static void prism(InputStream body) throws IOException {
        MultipartReader reader = new MultipartReader(body, BOUNDARY);
        byte[] buffer = new byte[64 * 1024];
        PartHeaders part;
        while ((part = reader.next()) != null) {
            sink += part.name().length();
            drain(reader.body(), buffer);
        }
    }

    private static void helidon(InputStream body) throws Exception {
        Class<?> multiPartType = Class.forName("io.helidon.http.media.multipart.MultiPart");
        Object parts = read(GenericType.create(multiPartType), body);
        Method hasNext = multiPartType.getMethod("hasNext");
        Method next = multiPartType.getMethod("next");
        Method inputStream = Class.forName("io.helidon.http.media.multipart.ReadablePart").getMethod("inputStream");
        byte[] buffer = new byte[64 * 1024];
        while ((Boolean) hasNext.invoke(parts)) {
            try (InputStream in = (InputStream) inputStream.invoke(next.invoke(parts))) {
                drain(in, buffer);
            }
        }
    }

    private static <T> T read(GenericType<T> type, InputStream body) {
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.set(HeaderNames.CONTENT_TYPE, "multipart/form-data; boundary=" + BOUNDARY);
        return MediaContext.create().reader(type, headers).read(type, body, headers);
    }

    private static boolean helidonOnClassPath() {
        try {
            Class.forName("io.helidon.http.media.multipart.MultiPart");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void drain(InputStream in, byte[] buffer) throws IOException {
        int n;
        while ((n = in.read(buffer)) >= 0) {
            sink += n;
        }
    }

    private static InputStream socketLike(byte[] body) {
        return new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, SOCKET_READ));
            }
        };
    }

    /** The bench's form (bench/e2e LoadGen): model, prompt, and the file. */
    private static byte[] form(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nbench\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp3\"\r\n"
                + "Content-Type: audio/mpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Silent MPEG-1 layer III frames, 417 bytes each, as the bench uploads. */
    private static byte[] mp3Frames(int size) {
        byte[] file = new byte[size];
        byte[] header = {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64};
        for (int frame = 0; frame < size; frame += 417) {
            System.arraycopy(header, 0, file, frame, Math.min(4, size - frame));
        }
        return file;
    }

    private static byte[] random(int size) {
        byte[] file = new byte[size];
        new Random(size).nextBytes(file);
        return file;
    }
}
