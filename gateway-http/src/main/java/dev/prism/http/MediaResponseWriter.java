package dev.prism.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.record.CallRecord;
import dev.prism.core.record.CompletedCall;
import dev.prism.http.openai.ErrorBody;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Streams an answer to the client as it arrives from the upstream: each chunk is flushed as soon as
 * it was read, nothing is held whole. When the upstream breaks off after the answer started, the
 * client must notice: a server-sent-event stream gets a final {@code data: {"error":...}} event
 * (the official SDKs raise on it), any other body is aborted without its terminating chunk, so the
 * client's read fails instead of seeing a clean, truncated end.
 */
final class MediaResponseWriter {
    private static final System.Logger LOG = System.getLogger(MediaResponseWriter.class.getName());

    private final ObjectMapper mapper;
    private final RecordHeaders recordHeaders;

    MediaResponseWriter(ObjectMapper mapper, RecordHeaders recordHeaders) {
        this.mapper = mapper;
        this.recordHeaders = recordHeaders;
    }

    /** @param contentType the content type the client must see (the requested format's) */
    void write(ServerResponse response, GatewayResponse answer, String contentType, String requestId) {
        response.status(200);
        response.header(PrismHeaders.REQUEST_ID, requestId);
        response.header(HeaderNames.CONTENT_TYPE, contentType);
        CallRecord record = answer.record();
        recordHeaders.write(response, record, 200);
        long length = answer.media().contentLength();
        if (length >= 0) {
            response.contentLength(length);
        }
        boolean eventStream = contentType.startsWith("text/event-stream");
        if (eventStream) {
            response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        }
        OutputStream out = null;
        try (InputStream in = answer.media().body()) {
            out = response.outputStream();
            byte[] buffer = new byte[16 * 1024];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    record.complete(200, ErrorKind.UPSTREAM_FAILED);
                    upstreamBrokeOff(out, eventStream, requestId, e);
                    return;
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                record.addBytesOut(n);
                // A stream goes out as it comes, but what is already here (a cached answer, the rest of a
                // received body) goes out in full buffers: one write per piece costs a packet and a syscall each.
                if (eventStream || nothingMoreAtHand(in)) {
                    out.flush();
                }
            }
            out.close();
            record.complete(200, null);
        } catch (UncheckedIOException | IOException e) {
            // The client went away: the try block closed the upstream body, which drops that connection.
            record.complete(CompletedCall.CLIENT_CLOSED, null);
            throw new CloseConnectionException("client went away");
        } finally {
            answer.close();
        }
    }

    /** Whether reading on would wait for the upstream; a stream that cannot tell counts as waiting. */
    private static boolean nothingMoreAtHand(InputStream in) {
        try {
            return in.available() <= 0;
        } catch (IOException e) {
            return true;
        }
    }

    private void upstreamBrokeOff(OutputStream out, boolean eventStream, String requestId, IOException cause)
            throws IOException {
        LOG.log(System.Logger.Level.WARNING, "Request {0}: the upstream broke off mid-answer: {1}", requestId,
                cause.toString());
        if (!eventStream) {
            throw new CloseConnectionException("upstream broke off; aborting the response so the client sees it");
        }
        GatewayException error = new GatewayException(ErrorKind.UPSTREAM_FAILED,
                "The upstream stream broke off before it was complete.", null, "stream_interrupted");
        out.write(("data: " + new String(ErrorBody.of(mapper, error), StandardCharsets.UTF_8) + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
        out.close();
    }
}
