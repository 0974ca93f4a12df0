package dev.prism.core.pipeline;

import dev.prism.api.MediaResponse;
import dev.prism.core.record.CallRecord;
import java.util.Objects;

/**
 * An answer for the client: the media on its way, and the call's record, which says who served it,
 * after how many attempts, what the cache did and what was used. The transport reads the record to
 * label the answer; nothing about the call travels as header strings.
 */
public record GatewayResponse(MediaResponse media, CallRecord record) implements AutoCloseable {
    public GatewayResponse {
        Objects.requireNonNull(media, "media is null");
        Objects.requireNonNull(record, "record is null");
    }

    public GatewayResponse withMedia(MediaResponse other) {
        return new GatewayResponse(other, record);
    }

    @Override
    public void close() {
        media.close();
    }
}
