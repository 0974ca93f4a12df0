package dev.prism.provider.mock;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * One JSON document written part by part as it is read: each part is written only when the reader
 * gets to it and handed out as the chunks the generator flushed (at most its buffer's size each),
 * so a document of many large parts is never whole in memory. Not thread-safe: the parts are
 * written in order, by the reader.
 */
final class JsonChunks {
    /** Writes one part of the document. */
    @FunctionalInterface
    interface Part {
        void writeTo(JsonGenerator json) throws IOException;
    }

    private final List<byte[]> flushed = new ArrayList<>();
    private final JsonGenerator json;

    private JsonChunks() {
        try {
            json = MockJson.MAPPER.createGenerator(new OutputStream() {
                @Override
                public void write(int b) {
                    flushed.add(new byte[] {(byte) b});
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    flushed.add(Arrays.copyOfRange(bytes, offset, offset + length));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document's bytes, each part written when the stream reaches it. Closes the generator after the last. */
    static Stream<byte[]> of(Stream<Part> parts) {
        JsonChunks document = new JsonChunks();
        Stream<Part> closed = Stream.concat(parts, Stream.<Part>of(JsonGenerator::close));
        return closed.flatMap(document::write);
    }

    private Stream<byte[]> write(Part part) {
        try {
            part.writeTo(json);
            if (!json.isClosed()) {
                json.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<byte[]> written = List.copyOf(flushed);
        flushed.clear();
        return written.stream();
    }
}
