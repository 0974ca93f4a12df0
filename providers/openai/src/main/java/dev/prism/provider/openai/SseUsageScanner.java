package dev.prism.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the usage in a stream of server-sent events as it passes: the {@code data} of each event
 * goes through a {@link JsonUsageScanner} of its own, which hands on the usage of a final event
 * ({@code speech.audio.done}, {@code transcript.text.done}, ...) and gives up on any other event
 * as soon as its {@code type} has been read. So a base64 audio delta costs a look at each of its
 * bytes for the line end and is never held.
 *
 * <p>Lines end with LF, CR or CRLF; {@code data} lines of one event are joined with a line feed,
 * as the SSE specification says; the event ends at a blank line or at the end of the stream.
 * Not thread-safe: one scanner reads one stream.
 */
final class SseUsageScanner implements BodyScanner {
    private static final System.Logger LOG = System.getLogger(SseUsageScanner.class.getName());
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE_FEED = {'\n'};

    /** Where the scanner is in the current line. */
    private enum Line {
        /** Reading the field name, up to the colon. */
        FIELD,
        /** Right after {@code data:}, where one space may come. */
        DATA_START,
        DATA,
        /** Any other field, a comment or a field name too long to be {@code data}: skipped. */
        OTHER
    }

    private final Set<String> finalTypes;
    private final Consumer<JsonNode> onUsage;
    private final byte[] field = new byte[DATA.length];
    private int fieldLength;
    private boolean lineStarted;
    private Line line = Line.FIELD;
    private boolean afterCarriageReturn;
    /** The data of the current event, or null before its first data line. */
    private JsonUsageScanner event;
    private boolean eventUnreadable;

    /** @param finalTypes the {@code type}s of the events that carry usage */
    SseUsageScanner(Set<String> finalTypes, Consumer<JsonNode> onUsage) {
        this.finalTypes = Set.copyOf(finalTypes);
        this.onUsage = onUsage;
    }

    @Override
    public void scan(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            byte b = bytes[i];
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (b == '\n') {
                    i++;
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                endLine();
                afterCarriageReturn = b == '\r';
                i++;
                continue;
            }
            switch (line) {
                case FIELD -> {
                    fieldByte(b);
                    i++;
                }
                case DATA_START -> {
                    line = Line.DATA;
                    if (b == ' ') {
                        i++;
                    }
                }
                case DATA -> {
                    int stop = lineEnd(bytes, i, end);
                    data(bytes, i, stop - i);
                    i = stop;
                }
                case OTHER -> i = lineEnd(bytes, i, end);
            }
        }
    }

    @Override
    public void end() {
        if (lineStarted) {
            endLine();
        }
        dispatch(); // A last event without its blank line still counts.
    }

    private void fieldByte(byte b) {
        lineStarted = true;
        if (b == ':') {
            if (isData()) {
                line = Line.DATA_START;
                startDataLine();
            } else {
                line = Line.OTHER;
            }
        } else if (fieldLength < field.length) {
            field[fieldLength++] = b;
        } else {
            line = Line.OTHER;
        }
    }

    private boolean isData() {
        return fieldLength == DATA.length && Arrays.equals(field, DATA);
    }

    private void endLine() {
        if (line == Line.FIELD) {
            if (!lineStarted) {
                dispatch();
            } else if (isData()) {
                startDataLine(); // "data" alone: a data line with an empty value
            }
        }
        line = Line.FIELD;
        fieldLength = 0;
        lineStarted = false;
    }

    private void startDataLine() {
        if (event == null) {
            event = new JsonUsageScanner(finalTypes, onUsage);
        } else {
            data(LINE_FEED, 0, 1);
        }
    }

    private void data(byte[] bytes, int offset, int length) {
        if (eventUnreadable || length == 0) {
            return;
        }
        try {
            event.scan(bytes, offset, length);
        } catch (IOException | RuntimeException e) {
            unreadable(e);
        }
    }

    private void dispatch() {
        if (event != null && !eventUnreadable) {
            try {
                event.end();
            } catch (IOException | RuntimeException e) {
                unreadable(e);
            }
        }
        event = null;
        eventUnreadable = false;
    }

    /** One event that is not JSON does not stop the scanning of the next ones. */
    private void unreadable(Exception e) {
        eventUnreadable = true;
        LOG.log(System.Logger.Level.DEBUG, () -> "Skipping an event that is not JSON: " + e);
    }

    private static int lineEnd(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                return i;
            }
        }
        return end;
    }
}
