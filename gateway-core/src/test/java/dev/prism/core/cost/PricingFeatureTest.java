package dev.prism.core.cost;

import static dev.prism.core.cost.Calls.characters;
import static dev.prism.core.cost.Calls.images;
import static dev.prism.core.cost.Calls.seconds;
import static dev.prism.core.cost.Calls.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.plugin.ProviderPriceList;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code pricing:} section: prices that override and add to the providers' lists, checked at load. */
class PricingFeatureTest {
    private static final String PROVIDERS = """
            providers:
              openai: { type: openai }
              groq: { type: openai, base_url: https://api.groq.com/openai/v1 }
            """;
    private static final ProviderPriceList OPENAI_LIST = new ProviderPriceList("openai",
            PricingFeatureTest.class.getClassLoader().getResource(ProviderPriceList.resourceOf("openai")));

    private static GatewayConfig load(String yaml) {
        return new ConfigLoader(name -> null, warning -> {}).parse(PROVIDERS + yaml);
    }

    /** The catalogue as the gateway builds it: "openai" named OpenAI's list, "groq" named none. */
    private static CataloguePricing pricing(GatewayConfig config) {
        return new CataloguePricing(CatalogueAssembly.assemble(config.providers().keySet(),
                provider -> provider.equals("openai") ? Optional.of(OPENAI_LIST) : Optional.empty(),
                config.feature(PricingSettings.class)));
    }

    private static String usd(CallCost cost) {
        return CallCost.format(cost.usd().orElseThrow(() -> new AssertionError("unpriced: " + cost)));
    }

    @Test
    void withoutTheSectionEachProviderHasItsListsPricesAndNoOthers() {
        CataloguePricing pricing = pricing(load(""));

        assertThat(usd(pricing.price(served("openai", "tts-1", characters(16))))).isEqualTo("0.00024");
        assertThat(pricing.price(served("groq", "tts-1", characters(16))).unpriced()).isTrue();
    }

    @Test
    void theSectionOverridesAListedModelAndPricesAnotherProvidersModels() {
        CataloguePricing pricing = pricing(load("""
                pricing:
                  openai:
                    tts-1: { per_1m_characters: 20, source: "our contract with OpenAI", as_of: 2026-11-01 }
                  groq:
                    whisper-large-v3: { per_hour: 0.111, source: https://groq.com/pricing }
                    playai-tts: { per_1m_characters: "50" }
                    llava-images:
                      per_image: { 512x512: 0.002 }
                """));

        assertThat(usd(pricing.price(served("openai", "tts-1", characters(16))))).isEqualTo("0.00032");
        assertThat(usd(pricing.price(served("openai", "tts-1-hd", characters(16))))).isEqualTo("0.00048");
        assertThat(usd(pricing.price(served("groq", "whisper-large-v3", seconds("60.0"))))).isEqualTo("0.00185");
        assertThat(usd(pricing.price(served("groq", "playai-tts", characters(1000))))).isEqualTo("0.05");
        assertThat(usd(pricing.price(served("groq", "llava-images", images(3, "512x512", null))))).isEqualTo("0.006");
        assertThat(pricing.price(served("groq", "whisper-1", seconds("60.0"))).unpriced())
                .as("a compatible server is not priced at OpenAI's rates by accident").isTrue();

        ModelPrice override = pricing.catalogue().price("openai", "tts-1").orElseThrow();
        assertThat(override.source()).isEqualTo(new PriceSource("config", Optional.of("our contract with OpenAI"),
                Optional.of(LocalDate.of(2026, 11, 1))));
        assertThat(pricing.catalogue().price("openai", "whisper-1").orElseThrow().source().origin()).isEqualTo("openai");
    }

    @Test
    void anOverrideReplacesTheWholeEntry() {
        CataloguePricing pricing = pricing(load("""
                pricing:
                  openai:
                    gpt-4o-mini-tts: { per_1m_characters: 12 }
                """));

        // Priced by characters alone now, exact, whatever tokens are reported.
        CallCost cost = pricing.price(served("openai", "gpt-4o-mini-tts", characters(1000)));
        assertThat(usd(cost)).isEqualTo("0.012");
        assertThat(cost.estimated()).isFalse();
    }

    @Test
    void aTokenPricedModelInTheConfigurationHasItsEstimate() {
        CataloguePricing pricing = pricing(load("""
                pricing:
                  groq:
                    distil-transcribe:
                      per_1m_tokens: { input_audio: 1, output_text: 2 }
                      estimate: { per_minute: 0.001 }
                """));

        CallCost cost = pricing.price(served("groq", "distil-transcribe", seconds("30")));
        assertThat(usd(cost)).isEqualTo("0.0005");
        assertThat(cost.estimated()).isTrue();
    }

    @Test
    void everyMistakeInTheSectionIsReportedAtOnceWithItsPath() {
        assertThatThrownBy(() -> load("""
                pricing:
                  openai:
                    tts-1: { per_1m_characters: -15 }
                    tts-1-hd: { per_1m_characters: 30, per_character: 0.00003 }
                    whisper-1: { per_minut: 0.006 }
                    gpt-4o-transcribe: { per_1m_tokens: { input_sound: 6 } }
                    dall-e-2: { per_image: { big: 0.02 } }
                    dall-e-3: { per_image: { standard: { 1024x1024: 0.04 }, 512x512: 0.01 } }
                    gpt-image-1: { per_image: { 1024x1024: 0.1 }, per_1m_tokens: { output_image: 40 } }
                    cheap: { estimate: { per_minute: 0.001 }, per_minute: 0.002 }
                    dated: { per_minute: 0.006, as_of: last tuesday }
                    empty: { source: nothing }
                  groq: 12
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "pricing.openai.tts-1.per_1m_characters: must not be negative",
                        "pricing.openai.tts-1-hd.per_1m_characters: give only one of per_character, per_1k_characters, "
                                + "per_1m_characters",
                        "pricing.openai.whisper-1.per_minut: unknown key; did you mean 'per_minute'?",
                        "pricing.openai.gpt-4o-transcribe.per_1m_tokens.input_sound: unknown kind of token. Known: "
                                + "input_text, input_audio, input_image, cached_input_text, cached_input_audio, "
                                + "cached_input_image, output_text, output_audio, output_image",
                        "pricing.openai.dall-e-2.per_image.big: expected a size such as 1024x1024",
                        "pricing.openai.dall-e-3.per_image.512x512: mixes prices by size with prices by quality; "
                                + "give either sizes or qualities here",
                        "pricing.openai.gpt-image-1: is priced by per_1m_tokens and by measured units; give one (the "
                                + "measured units of a token-priced model go under estimate)",
                        "pricing.openai.cheap.estimate: only a model priced by per_1m_tokens has an estimate (the price "
                                + "of its measured units when the upstream reports no tokens)",
                        "pricing.openai.dated.as_of: expected a date such as 2026-11-29",
                        "pricing.openai.empty: prices nothing; give per_1m_characters, per_minute, per_image, "
                                + "per_1m_tokens or another",
                        "pricing.groq: expected a map of upstream models to their prices, such as "
                                + "{ whisper-large-v3: { per_hour: 0.111 } }"));
    }

    @Test
    void aPriceThatIsNotANumberIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> load("""
                pricing:
                  openai:
                    tts-1: { per_1m_characters: fifteen }
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("pricing.openai.tts-1.per_1m_characters: expected a decimal number such as 0.015");
    }

    @Test
    void pricingAProviderThatIsNotConfiguredStopsTheStart() {
        GatewayConfig config = load("""
                pricing:
                  grok:
                    whisper-large-v3: { per_hour: 0.111 }
                """);

        assertThatThrownBy(() -> pricing(config)).isInstanceOf(ConfigException.class)
                .hasMessage("pricing.grok: no provider named 'grok'. Available: openai, groq");
    }

    @Test
    void decimalsAreKeptExactlyAsWritten() {
        CataloguePricing pricing = pricing(load("""
                pricing:
                  groq:
                    exact: { per_character: 0.1 }
                """));

        // 0.1 as a double is 0.1000000000000000055...; three of them must be 0.3 exactly.
        assertThat(pricing.catalogue().price("groq", "exact").orElseThrow().units().perCharacter().orElseThrow().usd())
                .isEqualTo(new java.math.BigDecimal("0.1"));
        assertThat(usd(pricing.price(served("groq", "exact", characters(3))))).isEqualTo("0.3");
    }

    @Test
    void theListPrismShipsReadsWithoutProblems() {
        assertThat(OpenAiPriceListTest.OPENAI).hasSize(9);
        assertThat(load("").feature(PricingSettings.class)).isEqualTo(PricingSettings.NONE);
    }
}
