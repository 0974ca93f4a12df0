package dev.prism.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.api.AudioFormat;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.api.Voice;
import dev.prism.core.config.BudgetLimit;
import dev.prism.core.config.BudgetPeriod;
import dev.prism.core.config.KeyBudget;
import dev.prism.core.cost.CataloguePricing;
import dev.prism.core.cost.ModelPrice;
import dev.prism.core.cost.PriceCatalogue;
import dev.prism.core.cost.PriceSource;
import dev.prism.core.cost.Rate;
import dev.prism.core.cost.UnitPrices;
import dev.prism.core.keys.VirtualKey;
import dev.prism.core.ledger.LedgerUnavailableException;
import dev.prism.core.pipeline.CacheDirectives;
import dev.prism.core.pipeline.MediaCall;
import dev.prism.core.record.Attempt;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CallRecord;
import dev.prism.core.record.CompletedCall;
import dev.prism.core.record.MediaUnits;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.routing.ProviderTarget;
import dev.prism.core.routing.Strategy;
import dev.prism.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The policy between the pipeline and the tally: what it reserves, what it refuses, what it settles. */
class BudgetPolicyTest {
    private static final VirtualKey TEAM_A = new VirtualKey("team-a", Optional.empty());
    /** tts-1 on "priced" at $15 per 1M characters; "unpriced" has no price. */
    private static final CataloguePricing PRICING = new CataloguePricing(PriceCatalogue.of(Map.of(
            "priced", Map.of("tts-1", new ModelPrice(new UnitPrices(Optional.of(Rate.of("15", 1_000_000)),
                    Optional.empty(), Optional.empty()), Map.of(), Optional.empty(),
                    new PriceSource(PriceSource.CONFIG, Optional.empty(), Optional.empty()))),
            "unpriced", Map.of())));

    private final MutableClock clock = MutableClock.startingAt("2026-11-29T10:00:00Z");
    private final AtomicInteger upstreamCalls = new AtomicInteger();

    private static BudgetBook book(String usd, SpendHistory history) {
        return new BudgetBook(Map.of("team-a", new KeyBudget(Optional.of(new BudgetLimit(new BigDecimal(usd),
                BudgetPeriod.DAILY)), Map.of())), history);
    }

    private MediaCall call(String provider, int characters) {
        CallRecord record = CallRecord.detached("req", clock);
        record.measured(MediaUnits.of(Usage.of(UsageUnit.CHARACTERS, characters)));
        SpeechRequest request = new SpeechRequest("tts-1", "x".repeat(characters), Voice.named("alloy"), AudioFormat.MP3,
                1.0, null, false, false, Map.of());
        ModelRoute route = new ModelRoute("tts-1", Strategy.FALLBACK, List.of(new ProviderTarget(provider, "tts-1", 1)),
                Optional.empty(), Optional.empty(), Optional.empty());
        return new MediaCall("req", TEAM_A, request, route, CacheDirectives.NONE, record);
    }

    private void admit(BudgetPolicy policy, MediaCall call) {
        policy.apply(call, c -> {
            upstreamCalls.incrementAndGet();
            return null;
        });
    }

    private CompletedCall served(MediaCall call, int characters) {
        return new CompletedCall(call.record().callId(), "req", Optional.of("team-a"), Optional.empty(), Optional.of("tts-1"),
                MediaUnits.of(Usage.of(UsageUnit.CHARACTERS, characters)),
                List.of(Attempt.answered("priced", "tts-1", clock.instant(), Duration.ofMillis(5))), CacheStatus.NOT_CACHED,
                Optional.of("priced"), Optional.of("tts-1"), Usage.of(UsageUnit.CHARACTERS, characters), 200,
                Optional.empty(), 10, 10, clock.instant(), clock.instant(), Optional.empty());
    }

    @Test
    void aCallThatFitsIsReservedAndSettledAtItsCost() {
        BudgetBook book = book("0.0003", SpendHistory.NONE);
        BudgetPolicy policy = new BudgetPolicy(book, PRICING, PRICING, clock);
        MediaCall first = call("priced", 10);
        admit(policy, first);
        assertThat(policy.outstanding()).isEqualTo(1);
        assertThat(book.totals(new AccountId("team-a", Optional.empty())).reserved()).isEqualByComparingTo("0.00015");

        policy.completed(served(first, 10));
        assertThat(policy.outstanding()).isZero();
        BudgetBook.Totals totals = book.totals(new AccountId("team-a", Optional.empty()));
        assertThat(totals.spent()).isEqualByComparingTo("0.00015");
        assertThat(totals.reserved()).isZero();
        // A completed call it never admitted changes nothing.
        policy.completed(served(call("priced", 10), 10));
        assertThat(book.totals(new AccountId("team-a", Optional.empty())).spent()).isEqualByComparingTo("0.00015");
    }

    @Test
    void aCallThatDoesNotFitIsRefusedAsInsufficientQuotaAndNeverGoesUpstream() {
        BudgetPolicy policy = new BudgetPolicy(book("0.0001", SpendHistory.NONE), PRICING, PRICING, clock);
        assertThatThrownBy(() -> admit(policy, call("priced", 10)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED);
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("insufficient_quota");
                    assertThat(e.getMessage()).isEqualTo("This request may cost up to $0.00015, more than is left of "
                            + "the budget of key 'team-a' ($0.0001 daily, $0 spent or reserved). It resets at "
                            + "2026-11-30T00:00:00Z.");
                });
        assertThat(upstreamCalls).hasValue(0);
        assertThat(policy.outstanding()).isZero();
    }

    @Test
    void anUnpricedModelIsNeitherCountedNorRefused() {
        BudgetBook book = book("0", SpendHistory.NONE);
        BudgetPolicy policy = new BudgetPolicy(book, PRICING, PRICING, clock);
        admit(policy, call("unpriced", 10));
        admit(policy, call("unpriced", 10));
        assertThat(upstreamCalls).hasValue(2);
        assertThat(policy.outstanding()).isZero();
    }

    @Test
    void aLedgerThatCannotBeReadMakesTheCallUnavailableNotFree() {
        BudgetPolicy policy = new BudgetPolicy(book("1", (key, alias, from, to) -> {
            throw new LedgerUnavailableException("down");
        }), PRICING, PRICING, clock);
        assertThatThrownBy(() -> admit(policy, call("priced", 10)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        assertThat(upstreamCalls).hasValue(0);
    }
}
