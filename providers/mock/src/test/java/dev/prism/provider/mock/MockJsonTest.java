package dev.prism.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MockJsonTest {
    @Test
    void decimalsAreRoundedToMillisWithoutTrailingZerosOrExponentsAsOpenAiWritesThem() {
        String json = MockJson.text(MockJson.object()
                .put("whole", MockJson.decimal(3.0))
                .put("half", MockJson.decimal(1.5))
                .put("rounded", MockJson.decimal(1.23456))
                .put("negative", MockJson.decimal(-0.2))
                .put("hundred", MockJson.decimal(100.0))
                .put("tiny", MockJson.decimal(0.00001))
                .put("large", MockJson.decimal(12_345_678.9)));

        assertThat(json).isEqualTo("{\"whole\":3,\"half\":1.5,\"rounded\":1.235,\"negative\":-0.2,\"hundred\":100,"
                + "\"tiny\":0,\"large\":12345678.9}");
    }

    @Test
    void anEventStaysOnItsDataLineWhateverItsTextHolds() {
        byte[] event = ServerSentEvent.data(MockJson.object().put("text", "two\nlines\r\nand a \"quote\""));

        assertThat(new String(event, StandardCharsets.UTF_8))
                .isEqualTo("data: {\"text\":\"two\\nlines\\r\\nand a \\\"quote\\\"\"}\n\n");
    }

    @Test
    void bytesAreWrittenAsStandardBase64() {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, 0x00, 0x7f};

        assertThat(MockJson.text(MockJson.object().put("b64", bytes)))
                .isEqualTo("{\"b64\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}");
    }

    @Test
    void aDocumentInPartsIsWrittenOnlyAsFarAsItIsRead() {
        List<String> written = new java.util.ArrayList<>();
        Stream<JsonChunks.Part> parts = Stream.of(
                json -> {
                    written.add("open");
                    json.writeStartArray();
                },
                json -> {
                    written.add("one");
                    json.writeNumber(1);
                },
                json -> {
                    written.add("close");
                    json.writeEndArray();
                });

        var chunks = JsonChunks.of(parts).iterator();
        assertThat(new String(chunks.next(), StandardCharsets.UTF_8)).isEqualTo("[");
        assertThat(written).containsExactly("open");
        StringBuilder rest = new StringBuilder();
        chunks.forEachRemaining(chunk -> rest.append(new String(chunk, StandardCharsets.UTF_8)));
        assertThat(rest).hasToString("1]");
        assertThat(written).containsExactly("open", "one", "close");
    }
}
