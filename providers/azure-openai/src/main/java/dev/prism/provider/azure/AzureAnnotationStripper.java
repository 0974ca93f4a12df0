package dev.prism.provider.azure;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.prism.api.MediaResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Takes Azure's own annotations out of a JSON answer, at any depth, so the client gets the answer
 * as OpenAI sends it: {@code content_filter_results} and {@code prompt_filter_results} (images,
 * transcripts). The answer is rewritten token by token as it is read, never held: a base64 image
 * is one token, the largest thing held at once. Everything else passes unchanged in value (numbers
 * exactly as written); whitespace between tokens is not kept.
 *
 * <p>Event streams and non-JSON answers (audio, text, subtitles) pass untouched.
 */
final class AzureAnnotationStripper extends InputStream {
    static final Set<String> AZURE_ONLY_FIELDS = Set.of("content_filter_results", "prompt_filter_results");
    private static final JsonFactory JSON = new JsonFactory();
    /** How much rewritten JSON is gathered before a read returns (tokens are written whole). */
    private static final int CHUNK = 8 * 1024;

    private final InputStream source;
    private final JsonParser parser;
    private final Buffer out = new Buffer();
    private final JsonGenerator generator;
    private int position;
    private boolean ended;

    private AzureAnnotationStripper(InputStream source) throws IOException {
        this.source = source;
        this.parser = JSON.createParser(source);
        this.generator = JSON.createGenerator(out);
    }

    /** The answer without Azure's annotations if it is JSON, else the answer itself. */
    static MediaResponse strip(MediaResponse answer) {
        if (!answer.contentType().startsWith("application/json")) {
            return answer;
        }
        try {
            // The length changes with what is taken out: the host sends it chunked.
            return new MediaResponse(answer.contentType(), -1, new AzureAnnotationStripper(answer.body()),
                    answer.linksPublishedMedia());
        } catch (IOException e) {
            answer.close();
            throw new IllegalStateException("cannot read a JSON answer", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position == out.size() && !ended) {
            out.reset();
            position = 0;
            fill();
        }
        if (position == out.size()) {
            return -1;
        }
        int n = Math.min(len, out.size() - position);
        System.arraycopy(out.bytes(), position, b, off, n);
        position += n;
        return n;
    }

    private void fill() throws IOException {
        while (out.size() < CHUNK) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                generator.close();
                ended = true;
                return;
            }
            if (token == JsonToken.FIELD_NAME && AZURE_ONLY_FIELDS.contains(parser.currentName())) {
                parser.nextToken();
                parser.skipChildren();
                continue;
            }
            generator.copyCurrentEventExact(parser);
            generator.flush();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            parser.close();
        } finally {
            source.close();
        }
    }

    /** A ByteArrayOutputStream whose array can be read without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }
}
