package dev.prism.core.cost;

import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.core.record.MediaUnits;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which figure is billed for a call to a priced model: the tokens the upstream reported, when the
 * model is priced by tokens and it reported some; otherwise the units Prism measured (or the
 * upstream reported, such as whisper-1's seconds), at the model's unit prices or, for a
 * token-priced model, at its published estimate, marked estimated.
 */
final class BillingRules {
    private static final List<UsageUnit> TOKEN_UNITS = List.of(UsageUnit.INPUT_TOKENS, UsageUnit.OUTPUT_TOKENS,
            UsageUnit.INPUT_TEXT_TOKENS, UsageUnit.INPUT_AUDIO_TOKENS, UsageUnit.INPUT_IMAGE_TOKENS,
            UsageUnit.OUTPUT_TEXT_TOKENS, UsageUnit.OUTPUT_AUDIO_TOKENS, UsageUnit.OUTPUT_IMAGE_TOKENS,
            UsageUnit.CACHED_TOKENS);

    private BillingRules() {}

    /**
     * @param units what Prism measured before the call (the size and quality of images)
     * @param usage what the upstream reported over what Prism measured
     */
    static CallCost bill(ModelPrice price, MediaUnits units, Usage usage) {
        if (price.tokenPriced()) {
            if (TOKEN_UNITS.stream().anyMatch(unit -> usage.amount(unit).isPresent())) {
                return tokens(price.tokens(), usage);
            }
            return price.estimate().map(estimate -> measured(estimate, units, usage, true)).orElse(CallCost.UNPRICED);
        }
        return measured(price.units(), units, usage, false);
    }

    private static CallCost measured(UnitPrices prices, MediaUnits units, Usage usage, boolean estimate) {
        Charges charges = new Charges();
        boolean priced = false;
        boolean estimated = estimate || usage.estimated();
        Optional<BigDecimal> characters = usage.amount(UsageUnit.CHARACTERS);
        if (prices.perCharacter().isPresent() && characters.isPresent()) {
            charges.add(characters.get(), prices.perCharacter().get());
            priced = true;
        }
        // Seconds as they are, to the millisecond: 61.5 s at a per-minute price is 61.5/60 of it.
        Optional<BigDecimal> seconds = usage.amount(UsageUnit.AUDIO_SECONDS);
        if (prices.perSecond().isPresent() && seconds.isPresent()) {
            charges.add(seconds.get(), prices.perSecond().get());
            priced = true;
        }
        Optional<BigDecimal> images = usage.amount(UsageUnit.IMAGES);
        if (prices.perImage().isPresent() && images.isPresent()) {
            Optional<ImagePrices.Price> each = prices.perImage().get().price(units.imageSize(), units.imageQuality());
            if (each.isEmpty()) {
                return CallCost.UNPRICED;
            }
            charges.add(images.get(), new Rate(each.get().usd(), 1));
            estimated |= each.get().chosen();
            priced = true;
        }
        return priced ? CallCost.of(charges.total(), estimated) : CallCost.UNPRICED;
    }

    /**
     * Reported tokens at their kind's price. Cached input tokens are counted against text input
     * first, then audio, then image (the smallest discount first, as the upstream does not say
     * which they were). Tokens whose kind the report does not give (a total without its split)
     * or that the model has no price for are charged at the highest price of their direction
     * (input or output); the figure is then an estimate, unless that direction has one price only.
     */
    private static CallCost tokens(Map<TokenKind, Rate> rates, Usage usage) {
        Charges charges = new Charges();
        boolean estimated = false;

        BigDecimal cachedLeft = amount(usage, UsageUnit.CACHED_TOKENS);
        BigDecimal unplacedInput = unsplit(usage, UsageUnit.INPUT_TOKENS, TokenKind.INPUTS);
        int inputKinds = 0;
        for (TokenKind kind : TokenKind.INPUTS) {
            BigDecimal count = amount(usage, kind.unit().orElseThrow());
            if (count.signum() == 0) {
                continue;
            }
            inputKinds++;
            Rate full = rates.get(kind);
            if (full == null) {
                unplacedInput = unplacedInput.add(count);
                estimated = true;
                continue;
            }
            BigDecimal cached = cachedLeft.min(count);
            cachedLeft = cachedLeft.subtract(cached);
            charges.add(count.subtract(cached), full);
            charges.add(cached, rates.getOrDefault(kind.cached(), full));
        }
        if (amount(usage, UsageUnit.CACHED_TOKENS).signum() > 0 && inputKinds > 1) {
            estimated = true;
        }
        BigDecimal unplacedOutput = unsplit(usage, UsageUnit.OUTPUT_TOKENS, TokenKind.OUTPUTS);
        for (TokenKind kind : TokenKind.OUTPUTS) {
            BigDecimal count = amount(usage, kind.unit().orElseThrow());
            Rate rate = rates.get(kind);
            if (count.signum() > 0 && rate == null) {
                unplacedOutput = unplacedOutput.add(count);
                estimated = true;
            } else if (count.signum() > 0) {
                charges.add(count, rate);
            }
        }
        for (var unplaced : List.of(Map.entry(TokenKind.INPUTS, unplacedInput), Map.entry(TokenKind.OUTPUTS, unplacedOutput))) {
            if (unplaced.getValue().signum() == 0) {
                continue;
            }
            List<Rate> direction = unplaced.getKey().stream().map(rates::get).filter(r -> r != null).toList();
            if (direction.isEmpty()) {
                return CallCost.UNPRICED;
            }
            Rate highest = direction.stream().reduce((a, b) -> b.exceeds(a) ? b : a).orElseThrow();
            charges.add(unplaced.getValue(), highest);
            estimated |= direction.size() > 1;
        }
        return CallCost.of(charges.total(), estimated);
    }

    /** The part of a reported total that its split does not account for. */
    private static BigDecimal unsplit(Usage usage, UsageUnit total, List<TokenKind> parts) {
        BigDecimal split = parts.stream().map(kind -> amount(usage, kind.unit().orElseThrow()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return usage.amount(total).map(t -> t.subtract(split).max(BigDecimal.ZERO)).orElse(BigDecimal.ZERO);
    }

    private static BigDecimal amount(Usage usage, UsageUnit unit) {
        return usage.amount(unit).orElse(BigDecimal.ZERO);
    }
}
