package dev.prism.core.cost;

import static dev.prism.core.cost.Calls.characters;
import static dev.prism.core.cost.Calls.images;
import static dev.prism.core.cost.Calls.seconds;
import static dev.prism.core.cost.Calls.served;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.core.record.MediaUnits;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.routing.ProviderTarget;
import dev.prism.core.routing.Strategy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CataloguePricingTest {
    /** "openai" calls OpenAI itself; "groq" is an OpenAI-compatible server elsewhere, which no list prices. */
    private static final CataloguePricing PRICING = new CataloguePricing(PriceCatalogue.of(Map.of(
            "openai", OpenAiPriceListTest.OPENAI, "groq", Map.of())));

    private static String usd(CallCost cost) {
        return CallCost.format(cost.usd().orElseThrow(() -> new AssertionError("unpriced: " + cost)));
    }

    @Test
    void aCompatibleServerElsewhereIsUnpricedNeverZero() {
        CallCost cost = PRICING.price(served("groq", "whisper-1", seconds("60.0")));

        assertThat(cost.unpriced()).isTrue();
        assertThat(cost.usd()).isEmpty();
        assertThat(cost).isEqualTo(CallCost.UNPRICED);
    }

    @Test
    void aModelTheListDoesNotNameIsUnpriced() {
        assertThat(PRICING.price(served("openai", "tts-2", characters(16))).unpriced()).isTrue();
        assertThat(PRICING.price(served("nobody", "tts-1", characters(16))).unpriced()).isTrue();
    }

    @Test
    void aDatedSnapshotCostsWhatItsModelCosts() {
        assertThat(usd(PRICING.price(served("openai", "gpt-4o-mini-tts-2025-03-20", characters(1000))))).isEqualTo("0.015");
        assertThat(PRICING.price(served("openai", "tts-1-hd-1106", characters(16))).unpriced()).isTrue();
    }

    @Test
    void aCacheHitCostsNothingAndSavesWhatTheCallWouldHaveCost() {
        CallCost hit = PRICING.price(Calls.cacheHit("openai", "tts-1", characters(16)));

        assertThat(hit.usd()).contains(CallCost.ZERO_USD);
        assertThat(CallCost.format(hit.usd().orElseThrow())).isEqualTo("0");
        assertThat(CallCost.format(hit.saved())).isEqualTo("0.00024");
        assertThat(hit.unpriced()).isFalse();
    }

    @Test
    void aCacheHitOfAnUnpricedModelStillCostsNothing() {
        CallCost hit = PRICING.price(Calls.cacheHit("groq", "whisper-1", seconds("3")));

        assertThat(hit.usd()).contains(CallCost.ZERO_USD);
        assertThat(hit.saved()).isEqualByComparingTo("0");
    }

    @Test
    void aRefusedCallBoughtNothing() {
        CallCost refused = PRICING.price(Calls.refusedUpstream("openai", "tts-1", characters(16)));

        assertThat(refused).isEqualTo(CallCost.NOTHING_SERVED);
        assertThat(refused.unpriced()).isFalse();
    }

    @Test
    void reportedSecondsWinOverMeasuredOnes() {
        Usage reported = Usage.of(UsageUnit.AUDIO_SECONDS, 3);

        assertThat(usd(PRICING.price(served("openai", "whisper-1", seconds("2.000"), reported)))).isEqualTo("0.0003");
    }

    @Test
    void secondsGuessedFromTheUploadsSizeMakeAnEstimate() {
        MediaUnits guessed = MediaUnits.of(Usage.NONE.with(UsageUnit.AUDIO_SECONDS, new BigDecimal("12.5")).asEstimate());

        CallCost cost = PRICING.price(served("openai", "whisper-1", guessed));

        assertThat(usd(cost)).isEqualTo("0.00125");
        assertThat(cost.estimated()).isTrue();
    }

    @Test
    void aTokenPricedTranscriptionThatReportsOnlySecondsIsEstimatedFromThem() {
        CallCost cost = PRICING.price(served("openai", "gpt-4o-transcribe", seconds("2.000"),
                Usage.of(UsageUnit.AUDIO_SECONDS, 120)));

        assertThat(usd(cost)).isEqualTo("0.012");
        assertThat(cost.estimated()).isTrue();
    }

    @Test
    void tokensReportedWithoutTheirSplitAreExactWhenTheModelHasOnePricePerDirection() {
        // The mock reports speech as bare totals; gpt-4o-mini-tts reads text and speaks audio, nothing else.
        Usage reported = Usage.of(UsageUnit.INPUT_TOKENS, 14).with(UsageUnit.OUTPUT_TOKENS, 101);

        CallCost cost = PRICING.price(served("openai", "gpt-4o-mini-tts", characters(56), reported));

        assertThat(usd(cost)).isEqualTo("0.0012204");
        assertThat(cost.estimated()).isFalse();
    }

    @Test
    void inputTokensWithoutTheirSplitAreChargedAtTheHighestInputPriceAndEstimated() {
        // A translation reports 20 input tokens, audio and prompt together: priced as audio ($6/1M).
        Usage reported = Usage.of(UsageUnit.INPUT_TOKENS, 20).with(UsageUnit.OUTPUT_TOKENS, 10)
                .with(UsageUnit.OUTPUT_TEXT_TOKENS, 10);

        CallCost cost = PRICING.price(served("openai", "gpt-4o-transcribe", seconds("1"), reported));

        assertThat(usd(cost)).isEqualTo("0.00022");
        assertThat(cost.estimated()).isTrue();
    }

    @Test
    void tokensOfAKindTheModelHasNoPriceForAreChargedAtTheHighestOfTheirDirection() {
        // gpt-image-1 lists no output text price: 200 text tokens out are charged as image output.
        Usage reported = Usage.of(UsageUnit.INPUT_TEXT_TOKENS, 40).with(UsageUnit.OUTPUT_TEXT_TOKENS, 200)
                .with(UsageUnit.OUTPUT_IMAGE_TOKENS, 4000);

        CallCost cost = PRICING.price(served("openai", "gpt-image-1", images(1, "1024x1024", "high"), reported));

        // 40 x 5 + 4,200 x 40 = 168,200 per 1M
        assertThat(usd(cost)).isEqualTo("0.1682");
        assertThat(cost.estimated()).isTrue();
    }

    @Test
    void cachedTokensAmongTextAndImageInputCountAgainstTextFirst() {
        // 100 text and 100 image tokens in, 150 cached: 100 text at 1.25, 50 image at 2.50, 50 image at 10.
        Usage reported = Usage.of(UsageUnit.INPUT_TEXT_TOKENS, 100).with(UsageUnit.INPUT_IMAGE_TOKENS, 100)
                .with(UsageUnit.CACHED_TOKENS, 150).with(UsageUnit.OUTPUT_IMAGE_TOKENS, 0);

        CallCost cost = PRICING.price(served("openai", "gpt-image-1", images(1, "1024x1024", "low"), reported));

        assertThat(usd(cost)).isEqualTo("0.00075");
        assertThat(cost.estimated()).as("which kind the cached tokens were is not reported").isTrue();
    }

    @Test
    void gptImageLeftToChooseItsQualityIsEstimatedAtTheHighestFigure() {
        CallCost auto = PRICING.price(served("openai", "gpt-image-1", images(2, "1024x1024", "auto")));
        CallCost unsaid = PRICING.price(served("openai", "gpt-image-1", images(1, null, null)));

        assertThat(usd(auto)).isEqualTo("0.334");
        assertThat(auto.estimated()).isTrue();
        assertThat(usd(unsaid)).isEqualTo("0.25");
        assertThat(unsaid.estimated()).isTrue();
    }

    @Test
    void anImageSizeOrQualityTheListDoesNotKnowIsUnpricedNotGuessed() {
        assertThat(PRICING.price(served("openai", "dall-e-3", images(1, "512x512", "standard"))).unpriced()).isTrue();
        assertThat(PRICING.price(served("openai", "dall-e-3", images(1, "1024x1024", "ultra"))).unpriced()).isTrue();
    }

    @Test
    void theTotalIsRoundedOnceNotPartByPart() {
        // Each token costs 0.00000000005: rounded alone to 10 places, each would be 0 (HALF_EVEN).
        ModelPrice tiny = new ModelPrice(UnitPrices.NONE, Map.of(TokenKind.INPUT_TEXT, Rate.of("0.00005", 1_000_000),
                TokenKind.OUTPUT_AUDIO, Rate.of("0.00005", 1_000_000)), Optional.empty(),
                new PriceSource("config", Optional.empty(), Optional.empty()));
        CataloguePricing pricing = new CataloguePricing(PriceCatalogue.of(Map.of("local", Map.of("tiny", tiny))));
        Usage oneEach = Usage.of(UsageUnit.INPUT_TEXT_TOKENS, 1).with(UsageUnit.OUTPUT_AUDIO_TOKENS, 1);

        assertThat(usd(pricing.price(served("local", "tiny", characters(4), oneEach)))).isEqualTo("0.0000000001");
        // A half at the tenth place goes to the even neighbour.
        Usage three = Usage.of(UsageUnit.INPUT_TEXT_TOKENS, 3);
        assertThat(pricing.price(served("local", "tiny", characters(4), three)).usd().orElseThrow())
                .isEqualTo(new BigDecimal("0.0000000002"));
    }

    @Test
    void aPerMinutePriceThatDoesNotDivideEvenlyIsRoundedHalfEvenToTenPlaces() {
        ModelPrice perMinute = new ModelPrice(new UnitPrices(Optional.empty(), Optional.of(Rate.of("0.007", 60)),
                Optional.empty()), Map.of(), Optional.empty(), new PriceSource("config", Optional.empty(), Optional.empty()));
        CataloguePricing pricing = new CataloguePricing(PriceCatalogue.of(Map.of("local", Map.of("stt", perMinute))));

        assertThat(usd(pricing.price(served("local", "stt", seconds("1"))))).isEqualTo("0.0001166667");
    }

    @Test
    void anEstimateBeforeTheCallPricesTheMeasuredUnits() {
        assertThat(usd(PRICING.estimate("openai", "tts-1", characters(16)))).isEqualTo("0.00024");
        assertThat(PRICING.estimate("openai", "tts-1", characters(16)).estimated()).isFalse();
        CallCost miniTts = PRICING.estimate("openai", "gpt-4o-mini-tts", characters(2000));
        assertThat(usd(miniTts)).isEqualTo("0.03");
        assertThat(miniTts.estimated()).isTrue();
        assertThat(usd(PRICING.estimate(new ProviderTarget("openai", "gpt-4o-transcribe", 1), seconds("600"))))
                .isEqualTo("0.06");
        assertThat(PRICING.estimate("groq", "whisper-large-v3", seconds("600")).unpriced()).isTrue();
    }

    @Test
    void anAliasIsEstimatedAtItsDearestPricedTarget() {
        ModelRoute route = new ModelRoute("speech", Strategy.FALLBACK, List.of(new ProviderTarget("openai", "tts-1", 1),
                new ProviderTarget("groq", "playai-tts", 1), new ProviderTarget("openai", "tts-1-hd", 1)),
                Optional.empty(), Optional.empty(), Optional.empty());
        ModelRoute unpriced = new ModelRoute("elsewhere", Strategy.FALLBACK,
                List.of(new ProviderTarget("groq", "playai-tts", 1)), Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(usd(PRICING.estimate(route, characters(1000)))).isEqualTo("0.03");
        assertThat(PRICING.estimate(unpriced, characters(1000)).unpriced()).isTrue();
    }
}
