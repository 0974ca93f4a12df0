package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prism.testkit.Answer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code x-prism-usage} carries the seconds Prism read from each container an upload may come in
 * (when the upstream reports none of its own), measured before the upstream was called. The files
 * are core's audio fixtures, made with ffmpeg and sox; the reference durations are ffprobe's.
 */
class UploadDurationHeaderIT extends AgainstFakeUpstream {
    private static final Path FIXTURES = Path.of("").toAbsolutePath().resolve("../gateway-core/src/test/resources/audio")
            .normalize();
    private static final Pattern SECONDS = Pattern.compile("audio_seconds=([0-9.]+)");

    @ParameterizedTest
    @CsvSource({
            "wav-pcm16-stereo-16k-1.5s.wav, audio/wav, 1.5",
            "mp3-cbr48-mono-22k-3s.mp3, audio/mpeg, 3.056327",
            "mp3-vbr-xing-stereo-44k-4s.mp3, audio/mpeg, 4.048980",
            "mp3-id3v2-cover-mono-22k-2s.mp3, audio/mpeg, 2.063673",
            "flac-mono-16k-2s.flac, audio/flac, 2.0",
            "ogg-vorbis-stereo-44k-5s.ogg, audio/ogg, 5.0",
            "opus-mono-16k-3s.opus, audio/ogg, 3.0065",
            "m4a-aac-mono-16k-2s.m4a, audio/mp4, 2.0",
            "webm-opus-mono-16k-3s.webm, audio/webm, 3.008",
            "webm-opus-noduration-mono-16k-4s.webm, audio/webm, 4.0"})
    void everyContainersDurationIsMeasuredWithinOnePercent(String file, String contentType, double reference)
            throws Exception {
        upstream.next("/audio/transcriptions", Answer.json(200, "{\"text\":\"no usage reported\"}"));

        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                Form.create().field("model", "whisper-1").file(file, contentType, Files.readAllBytes(FIXTURES.resolve(file))));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        String usage = response.headers().firstValue("x-prism-usage").orElseThrow();
        assertThat(usage).doesNotContain("estimated");
        Matcher seconds = SECONDS.matcher(usage);
        assertThat(seconds.find()).as(usage).isTrue();
        assertThat(Double.parseDouble(seconds.group(1))).isCloseTo(reference, within(reference * 0.01));
    }
}
