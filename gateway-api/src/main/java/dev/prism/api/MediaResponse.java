package dev.prism.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An answer on its way from an upstream: the body is read as it arrives, never held whole.
 * Closing it releases the upstream connection at once, also when the body was not read to the end
 * (a client that went away).
 *
 * <p>The body is in OpenAI's wire format for what the request asked ({@code verbose_json}, mp3,
 * server-sent events, ...), and the host passes it on as it is. A provider whose upstream speaks
 * another format returns a typed answer instead ({@link Transcript}, {@link AudioStream}), which
 * the host renders.
 *
 * @param contentType the content type of the body as the client must see it
 * @param contentLength the body length in bytes, or -1 when unknown (a stream)
 * @param linksPublishedMedia whether the body links to files the provider published through the
 *     host's {@link dev.prism.spi.MediaPublisher}. Such links work only on the gateway that
 *     published them and only while it runs, so the host never stores this answer in its cache,
 *     which may be shared by several gateways or outlive this one. A provider that publishes must
 *     say so with {@link #linkingPublishedMedia()}.
 */
public record MediaResponse(String contentType, long contentLength, InputStream body, boolean linksPublishedMedia)
        implements ProviderAnswer, AutoCloseable {
    public MediaResponse {
        Objects.requireNonNull(contentType, "contentType is null");
        Objects.requireNonNull(body, "body is null");
    }

    /** An answer that holds no links to published files. */
    public MediaResponse(String contentType, long contentLength, InputStream body) {
        this(contentType, contentLength, body, false);
    }

    public static MediaResponse of(String contentType, byte[] bytes) {
        return new MediaResponse(contentType, bytes.length, new java.io.ByteArrayInputStream(bytes));
    }

    /** The same answer with another body (a tee, a counter) and the same metadata. */
    public MediaResponse withBody(InputStream newBody) {
        return new MediaResponse(contentType, contentLength, newBody, linksPublishedMedia);
    }

    /** The same answer, marked as linking files published through the host's {@code MediaPublisher}. */
    public MediaResponse linkingPublishedMedia() {
        return new MediaResponse(contentType, contentLength, body, true);
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // The upstream is gone either way; nothing a caller could do about it.
        }
    }
}
