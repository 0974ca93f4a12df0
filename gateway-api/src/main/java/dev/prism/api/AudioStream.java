package dev.prism.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Synthesised audio on its way, as data: the host sends the bytes as they come, raw, or wrapped as
 * OpenAI's speech server-sent events ({@code speech.audio.delta} with base64 audio, then
 * {@code speech.audio.done} with the usage) when the client asked for {@code stream_format: sse}.
 * The audio is never held whole.
 *
 * <p>Closing it releases the upstream at once, also when the audio was not read to the end.
 *
 * @param format the audio's encoding; the client asked for it, so it is the request's
 * @param contentLength the audio's length in bytes, or -1 when unknown (a stream)
 * @param audio the encoded audio, read by one thread, in chunks as the upstream produces them
 * @param usage what the call used, asked for once after the audio was read to its end (an upstream
 *     may say so only at the end); {@link Usage#NONE} when unknown. The host reports it into the
 *     call's record and sends it in {@code speech.audio.done}.
 */
public record AudioStream(AudioFormat format, long contentLength, InputStream audio, Supplier<Usage> usage)
        implements ProviderAnswer, AutoCloseable {
    public AudioStream {
        Objects.requireNonNull(format, "format is null");
        Objects.requireNonNull(audio, "audio is null");
        Objects.requireNonNull(usage, "usage is null");
    }

    /** Audio of unknown length whose usage is known before it starts. */
    public static AudioStream of(AudioFormat format, InputStream audio, Usage usage) {
        Objects.requireNonNull(usage, "usage is null");
        return new AudioStream(format, -1, audio, () -> usage);
    }

    /** The same audio read through {@code newAudio} (a counter, a hook at its end). */
    public AudioStream withAudio(InputStream newAudio) {
        return new AudioStream(format, contentLength, newAudio, usage);
    }

    @Override
    public void close() {
        try {
            audio.close();
        } catch (IOException e) {
            // The upstream is gone either way; nothing a caller could do about it.
        }
    }
}
