package dev.prism.core.cache;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Whether a complete server-sent-event body reports an error in one of its events: an upstream
 * ends a stream that failed on its side with an error event and a clean end of the connection.
 * Such a stream is complete as bytes but broken as an answer, and must not be replayed from the
 * cache.
 *
 * <p>Only the framing is read, never the events' JSON (what an answer means is its provider's to
 * read): an event named {@code error}, or a {@code data} line whose object opens with an
 * {@code error} member (the form the official SDKs raise on, and the one Prism writes itself when
 * a stream breaks) or with {@code "type":"error"}.
 */
final class EventStreamErrors {
    private static final Pattern ERROR_DATA =
            Pattern.compile("\\{\\s*(\"error\"\\s*:\\s*(?!null\\b)|\"type\"\\s*:\\s*\"error\")");
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    /** How much of a line's value is read: enough for the opening the pattern looks at, never a whole image. */
    private static final int HEAD = 64;

    private EventStreamErrors() {}

    static boolean carriesError(byte[] body) {
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n' && body[end] != '\r') {
                end++;
            }
            if (startsWith(body, start, end, EVENT)) {
                if (head(body, start + EVENT.length, end).strip().equals("error")) {
                    return true;
                }
            } else if (startsWith(body, start, end, DATA)
                    && ERROR_DATA.matcher(head(body, start + DATA.length, end).strip()).lookingAt()) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean startsWith(byte[] body, int start, int end, byte[] prefix) {
        return end - start >= prefix.length && java.util.Arrays.equals(body, start, start + prefix.length, prefix, 0,
                prefix.length);
    }

    /** The first bytes of a line's value, decoded: a data line of a partial image is megabytes of base64. */
    private static String head(byte[] body, int from, int end) {
        return new String(body, from, Math.min(end - from, HEAD), StandardCharsets.UTF_8);
    }
}
