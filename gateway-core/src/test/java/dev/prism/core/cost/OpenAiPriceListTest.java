package dev.prism.core.cost;

import static dev.prism.core.cost.Calls.characters;
import static dev.prism.core.cost.Calls.images;
import static dev.prism.core.cost.Calls.seconds;
import static dev.prism.core.cost.Calls.served;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.core.plugin.ProviderPriceList;
import dev.prism.core.record.CompletedCall;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The golden table: what each model of OpenAI's media family costs for known units, from the
 * price list Prism ships, exact to the decimal and written as {@code x-prism-cost} writes it.
 */
class OpenAiPriceListTest {
    static final Map<String, ModelPrice> OPENAI = PriceListReader.readList("openai",
            OpenAiPriceListTest.class.getClassLoader().getResource(ProviderPriceList.resourceOf("openai")));
    private static final CataloguePricing PRICING = new CataloguePricing(PriceCatalogue.of(Map.of("openai", OPENAI)));

    private static CallCost price(CompletedCall call) {
        return PRICING.price(call);
    }

    private static String usd(CallCost cost) {
        return CallCost.format(cost.usd().orElseThrow(() -> new AssertionError("unpriced: " + cost)));
    }

    @Test
    void everyEntryNamesItsSourceAndDate() {
        assertThat(OPENAI.keySet()).containsExactly("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "whisper-1",
                "gpt-4o-transcribe", "gpt-4o-mini-transcribe", "dall-e-2", "dall-e-3", "gpt-image-1");
        OPENAI.forEach((model, price) -> {
            assertThat(price.source().origin()).as(model).isEqualTo("openai");
            assertThat(price.source().reference()).as(model).hasValueSatisfying(url ->
                    assertThat(url).startsWith("https://platform.openai.com/"));
            assertThat(price.source().asOf()).as(model).contains(LocalDate.of(2026, 11, 29));
        });
    }

    @ParameterizedTest(name = "{0}, {1} characters: {2}")
    @CsvSource({
            "tts-1, 16, 0.00024",
            "tts-1, 1000000, 15",
            "tts-1, 1, 0.000015",
            "tts-1-hd, 16, 0.00048",
            "tts-1-hd, 4096, 0.12288"})
    void speechIsPricedByTheCharacter(String model, long count, String expected) {
        CallCost cost = price(served("openai", model, characters(count)));

        assertThat(usd(cost)).isEqualTo(expected);
        assertThat(cost.estimated()).isFalse();
    }

    @ParameterizedTest(name = "whisper-1, {0} s: {1}")
    @CsvSource({
            "60.0, 0.006",
            "60, 0.006",
            "61.5, 0.00615",
            "1, 0.0001",
            "0.001, 0.0000001",
            "3600, 0.36"})
    void whisperIsPricedByTheSecondAtItsPerMinutePrice(String secondsOfAudio, String expected) {
        CallCost cost = price(served("openai", "whisper-1", seconds(secondsOfAudio)));

        assertThat(usd(cost)).isEqualTo(expected);
        assertThat(cost.estimated()).isFalse();
    }

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource({
            "dall-e-2, 256x256, , 0.016",
            "dall-e-2, 512x512, , 0.018",
            "dall-e-2, 1024x1024, , 0.02",
            "dall-e-2, 1024x1024, standard, 0.02",
            "dall-e-3, 1024x1024, standard, 0.04",
            "dall-e-3, 1792x1024, standard, 0.08",
            "dall-e-3, 1024x1792, standard, 0.08",
            "dall-e-3, 1024x1024, hd, 0.08",
            "dall-e-3, 1792x1024, hd, 0.12",
            "dall-e-3, 1024x1792, hd, 0.12"})
    void dallEImagesArePricedBySizeAndQuality(String model, String size, String quality, String expected) {
        CallCost cost = price(served("openai", model, images(1, size, quality)));

        assertThat(usd(cost)).isEqualTo(expected);
        assertThat(cost.estimated()).isFalse();
    }

    @Test
    void severalImagesCostTheirPriceEach() {
        assertThat(usd(price(served("openai", "dall-e-2", images(10, "256x256", null))))).isEqualTo("0.16");
    }

    @Test
    void dallEDefaultsAreThoseOpenAiApplies() {
        // No size: 1024x1024; no quality: standard.
        assertThat(usd(price(served("openai", "dall-e-2", images(1, null, null))))).isEqualTo("0.02");
        assertThat(usd(price(served("openai", "dall-e-3", images(1, null, null))))).isEqualTo("0.04");
        assertThat(usd(price(served("openai", "dall-e-3", images(1, null, "hd"))))).isEqualTo("0.08");
    }

    @ParameterizedTest(name = "gpt-image-1 {1} {0} without usage: {2}")
    @CsvSource({
            "1024x1024, low, 0.011",
            "1024x1536, low, 0.016",
            "1536x1024, low, 0.016",
            "1024x1024, medium, 0.042",
            "1024x1536, medium, 0.063",
            "1536x1024, medium, 0.063",
            "1024x1024, high, 0.167",
            "1024x1536, high, 0.25",
            "1536x1024, high, 0.25"})
    void gptImageWithoutUsageIsEstimatedAtOpenAisPerImageFigures(String size, String quality, String expected) {
        CallCost cost = price(served("openai", "gpt-image-1", images(1, size, quality)));

        assertThat(usd(cost)).isEqualTo(expected);
        assertThat(cost.estimated()).isTrue();
    }

    @Test
    void gptImageReportedTokensArePricedByKind() {
        // 50 text tokens in at $5/1M, 4,160 image tokens out at $40/1M (a high-quality 1024x1024).
        Usage reported = Usage.of(UsageUnit.INPUT_TOKENS, 50).with(UsageUnit.INPUT_TEXT_TOKENS, 50)
                .with(UsageUnit.INPUT_IMAGE_TOKENS, 0).with(UsageUnit.OUTPUT_TOKENS, 4160)
                .with(UsageUnit.OUTPUT_IMAGE_TOKENS, 4160);

        CallCost cost = price(served("openai", "gpt-image-1", images(1, "1024x1024", "high"), reported));

        assertThat(usd(cost)).isEqualTo("0.16665");
        assertThat(cost.estimated()).isFalse();
    }

    @Test
    void gptImageImageInputCostsTwiceTextInput() {
        // An edit: 20 text and 1,000 image tokens in, 272 image tokens out.
        Usage reported = Usage.of(UsageUnit.INPUT_TOKENS, 1020).with(UsageUnit.INPUT_TEXT_TOKENS, 20)
                .with(UsageUnit.INPUT_IMAGE_TOKENS, 1000).with(UsageUnit.OUTPUT_TOKENS, 272)
                .with(UsageUnit.OUTPUT_IMAGE_TOKENS, 272);

        // 20 x 5 + 1,000 x 10 + 272 x 40 = 20,980 per 1M
        assertThat(usd(price(served("openai", "gpt-image-1", images(1, "1024x1024", "low"), reported))))
                .isEqualTo("0.02098");
    }

    @Test
    void gptImageCachedInputIsPricedAtTheCachedRate() {
        // 1,200 text tokens in, 1,024 of them cached: 176 x 5 + 1,024 x 1.25 + 272 x 40 = 13,040 per 1M.
        Usage reported = Usage.of(UsageUnit.INPUT_TOKENS, 1200).with(UsageUnit.INPUT_TEXT_TOKENS, 1200)
                .with(UsageUnit.CACHED_TOKENS, 1024).with(UsageUnit.OUTPUT_TOKENS, 272)
                .with(UsageUnit.OUTPUT_IMAGE_TOKENS, 272);

        CallCost cost = price(served("openai", "gpt-image-1", images(1, "1024x1024", "low"), reported));

        assertThat(usd(cost)).isEqualTo("0.01304");
        assertThat(cost.estimated()).isFalse();
    }

    @Test
    void miniTtsReportedTokensArePricedByKind() {
        // 14 text tokens in at $0.60/1M, 101 audio tokens out at $12/1M.
        Usage reported = Usage.of(UsageUnit.INPUT_TOKENS, 14).with(UsageUnit.INPUT_TEXT_TOKENS, 14)
                .with(UsageUnit.OUTPUT_TOKENS, 101).with(UsageUnit.OUTPUT_AUDIO_TOKENS, 101);

        CallCost cost = price(served("openai", "gpt-4o-mini-tts", characters(60), reported));

        assertThat(usd(cost)).isEqualTo("0.0012204");
        assertThat(cost.estimated()).isFalse();
    }

    @ParameterizedTest(name = "{0} reported tokens: {1}")
    @CsvSource({
            // 10 audio + 4 text tokens in, 101 text tokens out
            "gpt-4o-transcribe, 0.00108",
            "gpt-4o-mini-transcribe, 0.00054"})
    void tokenPricedTranscriptionBillsReportedTokens(String model, String expected) {
        Usage reported = Usage.of(UsageUnit.INPUT_TOKENS, 14).with(UsageUnit.INPUT_TEXT_TOKENS, 4)
                .with(UsageUnit.INPUT_AUDIO_TOKENS, 10).with(UsageUnit.OUTPUT_TOKENS, 101)
                .with(UsageUnit.OUTPUT_TEXT_TOKENS, 101);

        CallCost cost = price(served("openai", model, seconds("60.0"), reported));

        assertThat(usd(cost)).isEqualTo(expected);
        assertThat(cost.estimated()).isFalse();
    }

    @ParameterizedTest(name = "{0}, {1} s without usage: {2}")
    @CsvSource({
            "gpt-4o-transcribe, 60.0, 0.006",
            "gpt-4o-transcribe, 30, 0.003",
            "gpt-4o-mini-transcribe, 60.0, 0.003",
            "gpt-4o-mini-transcribe, 90, 0.0045"})
    void tokenPricedTranscriptionWithoutUsageIsEstimatedPerMinute(String model, String secondsOfAudio,
            String expected) {
        CallCost cost = price(served("openai", model, seconds(secondsOfAudio)));

        assertThat(usd(cost)).isEqualTo(expected);
        assertThat(cost.estimated()).isTrue();
    }

    @ParameterizedTest(name = "gpt-4o-mini-tts, {0} characters without usage: {1}")
    @CsvSource({
            "1000, 0.015",
            "16, 0.00024",
            "1, 0.000015"})
    void miniTtsWithoutUsageIsEstimatedPerThousandCharacters(long count, String expected) {
        CallCost cost = price(served("openai", "gpt-4o-mini-tts", characters(count)));

        assertThat(usd(cost)).isEqualTo(expected);
        assertThat(cost.estimated()).isTrue();
    }
}
