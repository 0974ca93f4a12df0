package dev.prism.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code keys[].budget}: its shape, and every mistake refused with its path, all at once. */
class KeyBudgetConfigTest {
    private static final String PROVIDERS_AND_MODELS = """
            providers:
              mock: { type: mock }
            models:
              tts-1: { targets: [ { provider: mock } ] }
              whisper-1: { targets: [ { provider: mock } ] }
            """;

    private final ConfigLoader loader = new ConfigLoader(name -> null);

    private KeySpec key(String budget) {
        return loader.parse(PROVIDERS_AND_MODELS + """
                keys:
                  - { name: team-a, key: sk-prism-team-a, budget: %s }
                """.formatted(budget)).keys().getFirst();
    }

    private void assertRejected(String budget, String message) {
        assertThatThrownBy(() -> key(budget)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void aKeyWithoutABudgetMaySpendWithoutLimit() {
        KeySpec key = loader.parse(PROVIDERS_AND_MODELS + "keys: [ { name: team-a, key: sk-prism-team-a } ]")
                .keys().getFirst();
        assertThat(key.budget()).isEqualTo(KeyBudget.NONE);
        assertThat(key.budget().isNone()).isTrue();
    }

    @Test
    void overallBudgetIsReadExactly() {
        KeyBudget budget = key("{ usd: 50.10, period: monthly }").budget();
        assertThat(budget.overall().orElseThrow().usd()).isEqualByComparingTo("50.10");
        assertThat(budget.overall().orElseThrow().period()).isEqualTo(BudgetPeriod.MONTHLY);
        assertThat(budget.byModel()).isEmpty();
    }

    @Test
    void budgetsPerModelStandBesideTheOverallOne() {
        KeyBudget budget = key("{ usd: 50, period: total, models: { tts-1: { usd: 5, period: daily } } }").budget();
        assertThat(budget.overall()).contains(new BudgetLimit(new BigDecimal("50"), BudgetPeriod.TOTAL));
        assertThat(budget.byModel()).isEqualTo(Map.of("tts-1", new BudgetLimit(new BigDecimal("5"), BudgetPeriod.DAILY)));
        assertThat(budget.forModel("whisper-1")).isEmpty();
    }

    @Test
    void aBudgetMayBeOnlyPerModel() {
        KeyBudget budget = key("{ models: { whisper-1: { usd: 0.5, period: daily } } }").budget();
        assertThat(budget.overall()).isEmpty();
        assertThat(budget.forModel("whisper-1")).contains(new BudgetLimit(new BigDecimal("0.5"), BudgetPeriod.DAILY));
    }

    @Test
    void aZeroBudgetIsAllowed() {
        assertThat(key("{ usd: 0, period: daily }").budget().overall().orElseThrow().usd()).isZero();
    }

    @Test
    void usdAndPeriodAreRequired() {
        assertRejected("{ period: monthly }",
                "keys[0].budget.usd: is required: the most to spend in each period, in US dollars");
        assertRejected("{ usd: 5 }", "keys[0].budget.period: is required: daily, monthly or total");
    }

    @Test
    void anUnknownPeriodSuggestsTheClosest() {
        assertRejected("{ usd: 5, period: montly }",
                "keys[0].budget.period: expected daily, monthly or total, not 'montly'; did you mean 'monthly'?");
    }

    @Test
    void aNegativeOrNonNumericAmountIsRefused() {
        assertRejected("{ usd: -1, period: daily }", "keys[0].budget.usd: cannot be negative");
        assertThatThrownBy(() -> key("{ usd: fifty, period: daily }")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("keys[0].budget.usd: expected a decimal number");
    }

    @Test
    void anEmptyBudgetIsRefused() {
        assertRejected("{ }", "keys[0].budget: give usd and period, models, or both");
        assertRejected("5", "keys[0].budget: expected a map such as { usd: 50, period: monthly }");
    }

    @Test
    void unknownKeysAreRefusedWithASuggestion() {
        assertThatThrownBy(() -> key("{ usd: 5, period: daily, model: {} }")).isInstanceOf(ConfigException.class)
                .hasMessage("keys[0].budget.model: unknown key; did you mean 'models'?");
        assertThatThrownBy(() -> key("{ models: { tts-1: { usd: 5, period: daily, limit: 3 } } }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("keys[0].budget.models.tts-1.limit: unknown key");
    }

    @Test
    void aModelBudgetMustNameAModelTheKeyMayUse() {
        assertRejected("{ models: { tts-2: { usd: 5, period: daily } } }",
                "keys[0].budget.models.tts-2: no model named 'tts-2'. Available: tts-1, whisper-1");
        assertThatThrownBy(() -> loader.parse(PROVIDERS_AND_MODELS + """
                keys:
                  - name: team-a
                    key: sk-prism-team-a
                    models: [ tts-1 ]
                    budget: { models: { whisper-1: { usd: 5, period: daily } } }
                """)).isInstanceOf(ConfigException.class).hasMessage(
                "keys[0].budget.models.whisper-1: this key may not use 'whisper-1' (it is not in the key's models)");
    }

    @Test
    void everyMistakeOfABudgetIsReportedAtOnce() {
        assertThatThrownBy(() -> key("{ usd: -1, period: daily, models: { tts-2: { usd: 1, period: daily }, "
                + "whisper-1: { usd: 1, period: weekly } } }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("keys[0].budget.usd: cannot be negative")
                .hasMessageContaining("keys[0].budget.models.tts-2: no model named 'tts-2'")
                .hasMessageContaining("keys[0].budget.models.whisper-1.period: expected daily, monthly or total, not 'weekly'");
    }

    @Test
    void aKeySpecWithoutABudgetArgumentHasNone() {
        assertThat(new KeySpec("k", new byte[32], Optional.empty()).budget()).isEqualTo(KeyBudget.NONE);
    }
}
