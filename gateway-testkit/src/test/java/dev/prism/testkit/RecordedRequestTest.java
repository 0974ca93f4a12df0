package dev.prism.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordedRequestTest {
    private static RecordedRequest posting(String body) {
        return new RecordedRequest("POST", "/images/generations", null, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theJsonBodyIsPlainJavaValuesWithEveryNumberADecimalAsSent() {
        Map<String, Object> json = posting("""
                {"model":"gpt-image-1","n":2,"speed":1.50,"big":12345678901234567890,"stream":true,"user":null,
                 "extra":{"nested":[1,"two",false]}}""").json();

        assertThat(json).containsEntry("model", "gpt-image-1")
                .containsEntry("n", new BigDecimal("2"))
                .containsEntry("speed", new BigDecimal("1.50"))
                .containsEntry("big", new BigDecimal("12345678901234567890"))
                .containsEntry("stream", true)
                .containsEntry("user", null)
                .containsEntry("extra", Map.of("nested", List.of(BigDecimal.ONE, "two", false)));
    }

    @Test
    void theJsonBodyKeepsTheOrderOfItsFields() {
        assertThat(posting("{\"z\":1,\"a\":2,\"m\":3}").json().keySet()).containsExactly("z", "a", "m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":}", "{\"a\":1} trailing", "{'a':1}", "[1,2]", "\"text\"", "null"})
    void aBodyThatIsNotAJsonObjectIsAnIllegalArgument(String body) {
        assertThatThrownBy(() -> posting(body).json()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writtenJsonReadsBackAsTheSameValues() {
        Map<String, Object> values = OpenAiBehaviour.ordered("text", "quote \" backslash \\ newline \n nul \u0000 é",
                "seconds", new BigDecimal("2.5"), "list", List.of(BigDecimal.ONE, true), "none", null);

        assertThat(posting(JsonValues.write(values)).json()).isEqualTo(values);
    }
}
