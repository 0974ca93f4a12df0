package dev.prism.provider.openai;

import java.io.IOException;

/** Looks at an answer's bytes as they pass to the client, to learn something from them (its usage). */
interface BodyScanner {
    /** The next bytes of the body, exactly as the client gets them; not kept after the call returns. */
    void scan(byte[] bytes, int offset, int length) throws IOException;

    /** The body ended; not called when it was closed before its end. */
    void end() throws IOException;
}
