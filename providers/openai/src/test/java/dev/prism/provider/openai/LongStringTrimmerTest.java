package dev.prism.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LongStringTrimmerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBase64ImageReachesTheParserAsAFewBytes() throws IOException {
        String image = "A".repeat(3 * 1024 * 1024);
        byte[] answer = ("{\"data\":[{\"b64_json\":\"" + image + "\"}],\"usage\":{\"input_tokens\":10}}")
                .getBytes(StandardCharsets.US_ASCII);

        byte[] kept = trim(answer, 64 * 1024, 16);

        assertThat(kept.length).isLessThan(100);
        JsonNode tree = JSON.readTree(kept);
        assertThat(tree.at("/data/0/b64_json").textValue()).isEqualTo("A".repeat(16));
        assertThat(tree.at("/usage/input_tokens").intValue()).isEqualTo(10);
    }

    @Test
    void shortStringsAndEverythingOutsideStringsPassUnchanged() throws IOException {
        byte[] answer = "{\"type\":\"speech.audio.done\", \"usage\" : {\"input_tokens\": 14}, \"n\":[1,true,null]}"
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(trim(answer, 7, 32)).isEqualTo(answer);
    }

    @Test
    void aStringIsNeverCutInsideAnEscapeOrACharacter() throws IOException {
        // Escapes and two-, three- and four-byte characters right where the cut falls, in every piece size.
        String tricky = "\\u00e9\\\"\\\\é€😀".repeat(40);
        byte[] answer = ("{\"text\":\"" + tricky + "\",\"usage\":{\"seconds\":3}}").getBytes(StandardCharsets.UTF_8);
        // From 8 bytes on, so that the keys ("seconds") are whole: keys are strings too.
        for (int keep = 8; keep < 60; keep++) {
            for (int piece : new int[] {1, 3, 7, 4096}) {
                JsonNode tree = JSON.readTree(trim(answer, piece, keep));
                assertThat(tree.at("/usage/seconds").intValue()).as("keep %d, pieces of %d", keep, piece).isEqualTo(3);
                String text = tree.path("text").textValue();
                assertThat(JSON.readTree(answer).path("text").textValue()).startsWith(text);
            }
        }
    }

    @Test
    void theFastScanFindsTheFirstQuoteOrBackslashWhereverItFalls() {
        for (int length = 0; length < 40; length++) {
            for (int at = 0; at <= length; at++) {
                for (byte mark : new byte[] {'"', '\\'}) {
                    byte[] bytes = "A".repeat(length).getBytes(StandardCharsets.US_ASCII);
                    if (at < length) {
                        bytes[at] = mark;
                    }
                    // Bytes whose bits are close to a quote's or a backslash's must not count.
                    for (int i = 0; i < at; i++) {
                        bytes[i] = (byte) (i % 2 == 0 ? 0x23 : 0x5D);
                    }
                    assertThat(LongStringTrimmer.nextQuoteOrBackslash(bytes, 0, length))
                            .as("length %d, mark at %d", length, at).isEqualTo(at);
                    if (at > 0) {
                        assertThat(LongStringTrimmer.nextQuoteOrBackslash(bytes, 1, length)).isEqualTo(at);
                    }
                }
            }
        }
    }

    private static byte[] trim(byte[] json, int pieceSize, int keptBytes) throws IOException {
        LongStringTrimmer trimmer = new LongStringTrimmer(keptBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < json.length; at += pieceSize) {
            trimmer.feed(json, at, Math.min(pieceSize, json.length - at), out::write);
        }
        return out.toByteArray();
    }
}
