package dev.prism.provider.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the top-level {@code usage} object of one JSON document fed to it in pieces, holding
 * nothing of the document but the usage object itself: Jackson's non-blocking parser reads the
 * bytes as they come, through a {@link LongStringTrimmer} so that a long string (a base64 image)
 * is not held either.
 *
 * <p>Hands the usage to its consumer as soon as the usage object has been read, at most once, and
 * only when the document's top-level {@code type} is one of the wanted types (an event stream's
 * final event); then, and as soon as the type shows it is another event, it stops parsing.
 * Not thread-safe: one scanner reads one document.
 */
final class JsonUsageScanner implements BodyScanner {
    /** How much of a string the parser sees: type names and usage fields are far shorter. */
    static final int KEPT_STRING_BYTES = 256;
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> wantedTypes;
    private final Consumer<JsonNode> onUsage;
    private final LongStringTrimmer trimmer = new LongStringTrimmer(KEPT_STRING_BYTES);
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private int depth;
    /** The name of the top-level field being read. */
    private String field;
    /** The tokens of the usage object while it is being read. */
    private TokenBuffer usageTokens;
    private JsonNode usage;
    private String type;
    private boolean done;

    /**
     * @param wantedTypes the top-level {@code type}s whose usage counts; empty for a document that
     *     has no type (a transcript, an images answer), whose usage always counts
     */
    JsonUsageScanner(Set<String> wantedTypes, Consumer<JsonNode> onUsage) {
        this.wantedTypes = Set.copyOf(wantedTypes);
        this.onUsage = onUsage;
        try {
            this.parser = FACTORY.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // Creating a parser over no input does no I/O.
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    /** A scanner for a document whose usage always counts. */
    static JsonUsageScanner forDocument(Consumer<JsonNode> onUsage) {
        return new JsonUsageScanner(Set.of(), onUsage);
    }

    /** @throws IOException when the bytes are not JSON (the scanner is then done) */
    @Override
    public void scan(byte[] bytes, int offset, int length) throws IOException {
        if (!done) {
            trimmer.feed(bytes, offset, length, this::parse);
        }
    }

    @Override
    public void end() throws IOException {
        if (!done) {
            feeder.endOfInput();
            drain();
        }
        finish();
    }

    private void parse(byte[] bytes, int offset, int length) throws IOException {
        if (done) {
            return;
        }
        // The feeder does not copy: every token of these bytes is taken before they go back to the caller.
        feeder.feedInput(bytes, offset, offset + length);
        drain();
    }

    private void drain() throws IOException {
        try {
            JsonToken token;
            while (!done && (token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
                take(token);
            }
        } catch (IOException | RuntimeException e) {
            finish();
            throw e;
        }
    }

    private void take(JsonToken token) throws IOException {
        if (usageTokens != null) {
            readUsage(token);
        } else if (depth == 0 && token != JsonToken.START_OBJECT) {
            finish(); // Not an object (an SSE "[DONE]", say): no usage in it.
        } else if (token.isStructStart()) {
            if (depth == 1 && token == JsonToken.START_OBJECT && "usage".equals(field)) {
                usageTokens = new TokenBuffer(parser);
                usageTokens.copyCurrentEvent(parser);
            }
            depth++;
        } else if (token.isStructEnd()) {
            depth--;
            if (depth == 0) {
                finish();
            }
        } else if (depth == 1 && token == JsonToken.FIELD_NAME) {
            field = parser.currentName();
        } else if (depth == 1 && token == JsonToken.VALUE_STRING && "type".equals(field)) {
            type = parser.getText();
            offer();
        }
    }

    private void readUsage(JsonToken token) throws IOException {
        usageTokens.copyCurrentEvent(parser);
        if (token.isStructStart()) {
            depth++;
        } else if (token.isStructEnd() && --depth == 1) {
            usage = JSON.readTree(usageTokens.asParser());
            usageTokens = null;
            offer();
        }
    }

    /** Hands the usage on once both it and a wanted type are known; stops at an unwanted type. */
    private void offer() {
        if (!wantedTypes.isEmpty()) {
            if (type == null) {
                return;
            }
            if (!wantedTypes.contains(type)) {
                finish();
                return;
            }
        }
        if (usage != null) {
            finish();
            onUsage.accept(usage);
        }
    }

    private void finish() {
        if (!done) {
            done = true;
            usageTokens = null;
            try {
                parser.close();
            } catch (IOException e) {
                // Nothing to release but buffers.
            }
        }
    }
}
