package dev.prism.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.api.MediaResponse;
import dev.prism.api.Operation;
import dev.prism.api.Usage;
import dev.prism.spi.ProviderException;
import dev.prism.spi.UsageReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reports the usage an OpenAI answer carries, as the answer passes, through the call's
 * {@link UsageReport}:
 *
 * <ul>
 *   <li>a JSON answer of at most {@link #WHOLE_JSON_LIMIT} bytes (a transcript, an images answer
 *       with links) is read whole before it is handed back, so its usage is known before the
 *       client's headers go out;
 *   <li>a longer JSON answer (several base64 images) streams on, and its usage is reported as
 *       soon as it has passed;
 *   <li>an event stream reports the usage of its final event when that event passes;
 *   <li>audio and plain text carry none.
 * </ul>
 *
 * <p>A usage that cannot be read is logged at FINE and not reported; the answer goes on unchanged.
 */
final class UsageTap {
    /** The largest JSON answer read whole before it is handed back. */
    static final int WHOLE_JSON_LIMIT = 1024 * 1024;
    /** The events of OpenAI's streams that carry the call's usage. */
    static final Set<String> FINAL_EVENTS = Set.of("speech.audio.done", "transcript.text.done",
            "image_generation.completed", "image_edit.completed");
    private static final System.Logger LOG = System.getLogger(UsageTap.class.getName());

    private final String provider;

    UsageTap(String provider) {
        this.provider = provider;
    }

    /**
     * The answer with its usage reported or on its way to be.
     *
     * @throws ProviderException when a JSON answer read whole broke off: it can still fail over
     */
    MediaResponse tap(MediaResponse answer, Operation operation, UsageReport report) {
        Consumer<JsonNode> onUsage = usage -> report(usage, operation, report);
        String type = answer.contentType();
        if (type.startsWith("text/event-stream")) {
            return answer.withBody(new UsageTeeInputStream(answer.body(), new SseUsageScanner(FINAL_EVENTS, onUsage),
                    provider));
        }
        if (type.startsWith("application/json")) {
            return json(answer, JsonUsageScanner.forDocument(onUsage));
        }
        return answer;
    }

    private MediaResponse json(MediaResponse answer, JsonUsageScanner scanner) {
        if (answer.contentLength() > WHOLE_JSON_LIMIT) {
            return answer.withBody(new UsageTeeInputStream(answer.body(), scanner, provider));
        }
        byte[] head;
        try {
            head = answer.contentLength() >= 0 ? readExactly(answer, (int) answer.contentLength())
                    : answer.body().readNBytes(WHOLE_JSON_LIMIT + 1);
        } catch (IOException e) {
            answer.close();
            throw brokenOff(e);
        }
        if (head.length > WHOLE_JSON_LIMIT) {
            // Of unknown length and longer than the limit: stream the rest, scanning from the first byte.
            SequenceInputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), answer.body());
            return answer.withBody(new UsageTeeInputStream(whole, scanner, provider));
        }
        answer.close();
        if (answer.contentLength() >= 0 && head.length != answer.contentLength()) {
            throw ProviderException.failed("Provider '" + provider + "' broke off its answer after " + head.length
                    + " of " + answer.contentLength() + " bytes", null);
        }
        try {
            scanner.scan(head, 0, head.length);
            scanner.end();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Not reading usage from the answer of provider '" + provider
                    + "': " + e);
        }
        return MediaResponse.of(answer.contentType(), head);
    }

    /** The announced length read into one array (readNBytes would gather pieces and copy them again); fewer if it broke off. */
    private static byte[] readExactly(MediaResponse answer, int length) throws IOException {
        byte[] body = new byte[length];
        int read = answer.body().readNBytes(body, 0, length);
        // Read on to the end: a client connection goes back to its pool only once its answer was read to the end.
        if (read == length && answer.body().read() >= 0) {
            throw new IOException("the answer is longer than its Content-Length");
        }
        return read == length ? body : Arrays.copyOf(body, read);
    }

    private ProviderException brokenOff(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return ProviderException.timedOut("Provider '" + provider + "' paused its answer for too long", e);
        }
        return ProviderException.failed("Provider '" + provider + "' broke off its answer: "
                + e.getClass().getSimpleName(), e);
    }

    private void report(JsonNode usage, Operation operation, UsageReport report) {
        try {
            Usage reported = OpenAiUsage.from(usage, operation);
            if (!reported.isEmpty()) {
                report.report(reported);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Ignoring the usage provider '" + provider + "' reported ("
                    + usage + "): " + e.getMessage());
        }
    }
}
