package dev.prism.provider.mock;

import dev.prism.api.MediaResponse;
import dev.prism.api.SpeechRequest;
import java.io.ByteArrayOutputStream;
import java.util.stream.Stream;

/** Text to speech for the mock: the tone in the requested format, whole, streamed or as events. */
final class MockSpeech {
    MediaResponse synthesize(SpeechRequest request) {
        AudioEncoder encoder = AudioEncoder.forFormat(request.responseFormat());
        SpeechTone tone = SpeechTone.forText(request.input(), request.speed());
        Stream<byte[]> audio = encoder.encode(tone);
        if (request.sse()) {
            return streamed(request.contentType(), SpeechEvents.of(request.input(), tone, audio));
        }
        if (request.chunked()) {
            return streamed(request.contentType(), audio);
        }
        return MediaResponse.of(request.contentType(), concatenate(audio));
    }

    private static MediaResponse streamed(String contentType, Stream<byte[]> chunks) {
        return new MediaResponse(contentType, -1, new ChunkInputStream(chunks));
    }

    private static byte[] concatenate(Stream<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
