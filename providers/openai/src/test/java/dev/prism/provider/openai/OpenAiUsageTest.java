package dev.prism.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.Operation;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiUsageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void transcriptionTokensSplitInputAndCountTheOutputAsText() {
        Usage usage = read(Operation.TRANSCRIPTION, """
                {"type":"tokens","input_tokens":14,"input_token_details":{"text_tokens":4,"audio_tokens":10},
                 "output_tokens":101,"total_tokens":115}""");

        assertThat(usage.amounts()).isEqualTo(amounts(UsageUnit.INPUT_TOKENS, 14, UsageUnit.INPUT_TEXT_TOKENS, 4,
                UsageUnit.INPUT_AUDIO_TOKENS, 10, UsageUnit.OUTPUT_TOKENS, 101, UsageUnit.OUTPUT_TEXT_TOKENS, 101));
        assertThat(usage.estimated()).isFalse();
    }

    @Test
    void transcriptionTokensWithoutDetailsLeaveTheInputUnsplit() {
        Usage usage = read(Operation.TRANSLATION, """
                {"type":"tokens","input_tokens":20,"output_tokens":10,"total_tokens":30}""");

        assertThat(usage.amounts()).isEqualTo(amounts(UsageUnit.INPUT_TOKENS, 20, UsageUnit.OUTPUT_TOKENS, 10,
                UsageUnit.OUTPUT_TEXT_TOKENS, 10));
    }

    @Test
    void durationBecomesAudioSecondsToTheMillisecond() {
        assertThat(read(Operation.TRANSCRIPTION, """
                {"type":"duration","seconds":3}""").amounts())
                .isEqualTo(Map.of(UsageUnit.AUDIO_SECONDS, new BigDecimal("3")));
        assertThat(read(Operation.TRANSCRIPTION, """
                {"type":"duration","seconds":2.71828}""").amounts())
                .isEqualTo(Map.of(UsageUnit.AUDIO_SECONDS, new BigDecimal("2.718")));
    }

    @Test
    void speechReadsTextAndSpeaksAudio() {
        Usage usage = read(Operation.SPEECH, """
                {"input_tokens":14,"output_tokens":101,"total_tokens":115}""");

        assertThat(usage.amounts()).isEqualTo(amounts(UsageUnit.INPUT_TOKENS, 14, UsageUnit.INPUT_TEXT_TOKENS, 14,
                UsageUnit.OUTPUT_TOKENS, 101, UsageUnit.OUTPUT_AUDIO_TOKENS, 101));
    }

    @Test
    void imagesKeepEverySplitTheyReportWithCachedTokens() {
        Usage usage = read(Operation.IMAGE, """
                {"input_tokens":50,"output_tokens":4200,"total_tokens":4250,
                 "input_tokens_details":{"text_tokens":40,"image_tokens":10,"cached_tokens":8},
                 "output_tokens_details":{"text_tokens":200,"image_tokens":4000}}""");

        assertThat(usage.amounts()).isEqualTo(amounts(UsageUnit.INPUT_TOKENS, 50, UsageUnit.INPUT_TEXT_TOKENS, 40,
                UsageUnit.INPUT_IMAGE_TOKENS, 10, UsageUnit.CACHED_TOKENS, 8, UsageUnit.OUTPUT_TOKENS, 4200,
                UsageUnit.OUTPUT_TEXT_TOKENS, 200, UsageUnit.OUTPUT_IMAGE_TOKENS, 4000));
    }

    @Test
    void imagesWithoutOutputDetailsMadeImageTokens() {
        Usage usage = read(Operation.IMAGE, """
                {"input_tokens":10,"output_tokens":100,"total_tokens":110,
                 "input_tokens_details":{"text_tokens":10,"image_tokens":0},"output_tokens_details":null}""");

        assertThat(usage.amounts()).isEqualTo(amounts(UsageUnit.INPUT_TOKENS, 10, UsageUnit.INPUT_TEXT_TOKENS, 10,
                UsageUnit.INPUT_IMAGE_TOKENS, 0, UsageUnit.OUTPUT_TOKENS, 100, UsageUnit.OUTPUT_IMAGE_TOKENS, 100));
    }

    @Test
    void cachedTokensAtTheTopCount() {
        assertThat(read(Operation.SPEECH, """
                {"input_tokens":14,"cached_tokens":6}""").amount(UsageUnit.CACHED_TOKENS))
                .contains(BigDecimal.valueOf(6));
    }

    @Test
    void usageThatIsNotOpenAisIsRefused() {
        for (String malformed : new String[] {
                "{\"input_tokens\":\"lots\"}", "{\"input_tokens\":-1}", "{\"output_tokens\":1.5}",
                "{\"type\":\"duration\",\"seconds\":\"3\"}", "{\"type\":\"duration\"}", "{\"type\":\"credits\"}",
                "[1,2]", "{\"input_tokens_details\":{\"audio_tokens\":true}}"}) {
            assertThatThrownBy(() -> read(Operation.TRANSCRIPTION, malformed)).as(malformed)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static Usage read(Operation operation, String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return OpenAiUsage.from(node, operation);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<UsageUnit, BigDecimal> amounts(Object... pairs) {
        Map<UsageUnit, BigDecimal> map = new EnumMap<>(UsageUnit.class);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((UsageUnit) pairs[i], BigDecimal.valueOf(((Integer) pairs[i + 1]).longValue()));
        }
        return map;
    }
}
