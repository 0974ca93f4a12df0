package dev.prism.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonUsageScannerTest {
    private final List<JsonNode> found = new ArrayList<>();

    @Test
    void findsUsageAfterSeveralImagesFedAsTheyArrive() throws IOException {
        String image = "iVBORw0KGgo".repeat(100_000);
        byte[] answer = ("{\"created\":1,\"data\":[{\"b64_json\":\"" + image + "\"},{\"b64_json\":\"" + image
                + "\"}],\"usage\":{\"input_tokens\":10,\"input_tokens_details\":{\"text_tokens\":10}}}")
                .getBytes(StandardCharsets.US_ASCII);
        JsonUsageScanner scanner = JsonUsageScanner.forDocument(found::add);

        feed(scanner, answer, 8192);

        assertThat(found).singleElement().satisfies(usage -> {
            assertThat(usage.path("input_tokens").intValue()).isEqualTo(10);
            assertThat(usage.at("/input_tokens_details/text_tokens").intValue()).isEqualTo(10);
        });
    }

    @Test
    void handsUsageOnWhenItsObjectClosesBeforeTheDocumentEnds() throws IOException {
        JsonUsageScanner scanner = JsonUsageScanner.forDocument(found::add);

        feed(scanner, "{\"text\":\"hi\",\"usage\":{\"type\":\"duration\",\"seconds\":3}".getBytes(StandardCharsets.UTF_8), 1);

        assertThat(found).hasSize(1);
    }

    @Test
    void onlyTheTopLevelUsageCounts() throws IOException {
        JsonUsageScanner scanner = JsonUsageScanner.forDocument(found::add);

        feed(scanner, "{\"data\":[{\"usage\":{\"input_tokens\":1}}],\"meta\":{\"usage\":{\"input_tokens\":2}}}"
                .getBytes(StandardCharsets.UTF_8), 5);
        scanner.end();

        assertThat(found).isEmpty();
    }

    @Test
    void anEventOfAnotherTypeIsGivenUpAtItsType() throws IOException {
        JsonUsageScanner scanner = new JsonUsageScanner(Set.of("speech.audio.done"), found::add);

        // After the type, not even broken JSON is looked at.
        feed(scanner, "{\"type\":\"speech.audio.delta\",\"audio\":\"AAAA\",\"usage\":{\"input_tokens\":1}} ]]]"
                .getBytes(StandardCharsets.UTF_8), 3);
        scanner.end();

        assertThat(found).isEmpty();
    }

    @Test
    void aWantedTypeAfterTheUsageStillCounts() throws IOException {
        JsonUsageScanner scanner = new JsonUsageScanner(Set.of("speech.audio.done"), found::add);

        feed(scanner, "{\"usage\":{\"input_tokens\":1},\"type\":\"speech.audio.done\"}".getBytes(StandardCharsets.UTF_8), 2);

        assertThat(found).hasSize(1);
    }

    @Test
    void notJsonFailsTheScannerAndNothingIsFound() {
        JsonUsageScanner scanner = JsonUsageScanner.forDocument(found::add);

        assertThatThrownBy(() -> feed(scanner, "{\"usage\":{\"input_tokens\":1 oops".getBytes(StandardCharsets.UTF_8), 4))
                .isInstanceOf(IOException.class);
        assertThat(found).isEmpty();
    }

    private static void feed(JsonUsageScanner scanner, byte[] bytes, int pieceSize) throws IOException {
        for (int at = 0; at < bytes.length; at += pieceSize) {
            scanner.scan(bytes, at, Math.min(pieceSize, bytes.length - at));
        }
    }
}
