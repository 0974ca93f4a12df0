package dev.prism.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void stringsSurviveARoundTripThroughAJsonParser() throws Exception {
        String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 nul \u0000 separator \u2028 emoji \uD83E\uDD8A é";

        String json = new JsonWriter().beginObject().field(nasty, nasty).endObject().toString();

        assertThat(JSON.readTree(json).get(nasty).asText()).isEqualTo(nasty);
        assertThat(json).doesNotContain("\n", "\u0000", "\u2028");
    }

    @Test
    void commasSeparateFieldsAndArrayItemsAtEveryDepth() {
        String json = new JsonWriter().beginObject()
                .field("a", 1)
                .name("b").beginArray().value(1).value("two").beginObject().name("c").value(true).endObject()
                .beginArray().endArray().endArray()
                .name("d").beginObject().endObject()
                .field("e", (String) null)
                .endObject().toString();

        assertThat(json).isEqualTo("{\"a\":1,\"b\":[1,\"two\",{\"c\":true},[]],\"d\":{},\"e\":null}");
    }

    @Test
    void decimalsAreRoundedToMillisWithoutTrailingZeros() throws Exception {
        String json = new JsonWriter().beginArray().value(3.0).value(1.23456).value(0.1).value(-0.2).value(100.0)
                .endArray().toString();

        assertThat(json).isEqualTo("[3,1.235,0.1,-0.2,100]");
        JsonNode parsed = JSON.readTree(json);
        assertThat(parsed.size()).isEqualTo(5);
    }
}
