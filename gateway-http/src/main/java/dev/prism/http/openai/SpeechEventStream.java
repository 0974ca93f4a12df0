package dev.prism.http.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.AudioStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Audio as OpenAI's speech server-sent events ({@code stream_format: sse}): one
 * {@code speech.audio.delta} with base64 audio per chunk the audio yields, as it yields it, then
 * {@code speech.audio.done} with the usage. Holds one chunk at a time; read by one thread. Closing
 * it closes the audio.
 */
final class SpeechEventStream extends InputStream {
    /** The most audio one delta carries: 24 KiB, 32 KiB of base64. */
    private static final int MAX_CHUNK = 24 * 1024;

    private final AudioStream audio;
    private final byte[] chunk = new byte[MAX_CHUNK];
    private byte[] event = new byte[0];
    private int position;
    private boolean done;

    SpeechEventStream(AudioStream audio) {
        this.audio = Objects.requireNonNull(audio, "audio is null");
    }

    @Override
    public int read() throws IOException {
        if (!ensureAvailable()) {
            return -1;
        }
        return event[position++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (!ensureAvailable()) {
            return -1;
        }
        int count = Math.min(length, event.length - position);
        System.arraycopy(event, position, buffer, offset, count);
        position += count;
        return count;
    }

    @Override
    public int available() {
        return event.length - position;
    }

    @Override
    public void close() {
        audio.close();
    }

    private boolean ensureAvailable() throws IOException {
        while (position == event.length) {
            if (done) {
                return false;
            }
            event = nextEvent();
            position = 0;
        }
        return true;
    }

    private byte[] nextEvent() throws IOException {
        int read = audio.audio().read(chunk, 0, chunk.length);
        if (read > 0) {
            String base64 = Base64.getEncoder().encodeToString(Arrays.copyOf(chunk, read));
            return AnswerJson.event(AnswerJson.object().put("type", "speech.audio.delta").put("audio", base64));
        }
        if (read == 0) {
            return new byte[0];
        }
        done = true;
        ObjectNode finished = AnswerJson.object().put("type", "speech.audio.done");
        AnswerJson.speechUsage(audio.usage().get()).ifPresent(usage -> finished.set("usage", usage));
        return AnswerJson.event(finished);
    }
}
