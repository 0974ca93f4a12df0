package dev.prism.spi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A request body that can be written any number of times (a retry writes it again), streamed to
 * the connection rather than built in memory.
 */
public interface RequestBody {
    /** The content type, with parameters such as the multipart boundary. */
    String contentType();

    /** The length in bytes, or -1 when unknown (then it goes out chunked). */
    long length();

    void writeTo(OutputStream out) throws IOException;

    static RequestBody of(String contentType, byte[] bytes) {
        return new RequestBody() {
            @Override
            public String contentType() {
                return contentType;
            }

            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(bytes);
            }
        };
    }
}
