package dev.prism.spi;

import java.io.InputStream;
import java.util.Optional;

/**
 * An upstream's answer whose body is still arriving. {@link #close()} releases the connection; if
 * the body was not read to its end, the connection is dropped rather than drained.
 */
public interface UpstreamResponse extends AutoCloseable {
    int status();

    /** The first value of a header, by case-insensitive name. */
    Optional<String> header(String name);

    /** The body as it arrives. Reading it after {@link #close()} fails. */
    InputStream body();

    @Override
    void close();
}
