package dev.prism.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseUsageScannerTest {
    private static final String DONE = "{\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":14,"
            + "\"output_tokens\":101,\"total_tokens\":115}}";

    private final List<JsonNode> found = new ArrayList<>();
    private final SseUsageScanner scanner = new SseUsageScanner(UsageTap.FINAL_EVENTS, found::add);

    @Test
    void theFinalEventsUsageIsFoundInPiecesOfAnySize() {
        String stream = "data: {\"type\":\"speech.audio.delta\",\"audio\":\"" + "QUJD".repeat(5000) + "\"}\n\n"
                + "data: " + DONE + "\n\n";
        for (int piece : new int[] {1, 2, 5, 13, 4096, stream.length()}) {
            found.clear();
            SseUsageScanner fresh = new SseUsageScanner(UsageTap.FINAL_EVENTS, found::add);
            feed(fresh, stream, piece);
            fresh.end();
            assertThat(found).as("pieces of %d", piece).singleElement()
                    .satisfies(usage -> assertThat(usage.path("output_tokens").intValue()).isEqualTo(101));
        }
    }

    @Test
    void usageInDeltaEventsIsNotTheCallsUsage() {
        feed(scanner, "data: {\"type\":\"transcript.text.delta\",\"delta\":\"Hi\",\"usage\":{\"input_tokens\":1}}\n\n", 7);
        scanner.end();

        assertThat(found).isEmpty();
    }

    @Test
    void crlfAndCrLineEndsCommentsAndOtherFieldsAreSse() {
        feed(scanner, ": keep-alive\r\nevent: image_generation.completed\r\nid: 7\r\n"
                + "data: {\"type\":\"image_generation.completed\",\"b64_json\":\"AAAA\",\"usage\":{\"input_tokens\":10}}\r\r", 3);

        assertThat(found).hasSize(1);
    }

    @Test
    void dataLinesOfOneEventAreJoined() {
        feed(scanner, "data: {\"type\":\"transcript.text.done\",\ndata:\"usage\":{\"type\":\"duration\",\"seconds\":3}}\n\n", 4);

        assertThat(found).singleElement()
                .satisfies(usage -> assertThat(usage.path("seconds").intValue()).isEqualTo(3));
    }

    @Test
    void anEventThatIsNotJsonDoesNotStopTheNextOnes() {
        feed(scanner, "data: {\"type\": oops\n\ndata: [DONE]\n\ndata: " + DONE + "\n\n", 5);

        assertThat(found).hasSize(1);
    }

    @Test
    void aLastEventWithoutItsBlankLineCountsAtTheEnd() {
        feed(scanner, "data: " + DONE, 9);
        scanner.end();

        assertThat(found).hasSize(1);
    }

    private static void feed(SseUsageScanner scanner, String stream, int pieceSize) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < bytes.length; at += pieceSize) {
            scanner.scan(bytes, at, Math.min(pieceSize, bytes.length - at));
        }
    }
}
