package dev.prism.core.cost;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The prices of one upstream model. A model is priced either by the units Prism measures
 * ({@code units}: tts-1 by the character, whisper-1 by the second, dall-e by the image) or by the
 * tokens its upstream reports ({@code tokens}: gpt-4o-mini-tts, gpt-4o-transcribe, gpt-image-1);
 * a token-priced model's {@code estimate} prices its measured units when the upstream reports no
 * tokens.
 *
 * @param units prices of measured units; {@link UnitPrices#NONE} for a token-priced model
 * @param tokens the price of each kind of token; empty for a unit-priced model
 * @param estimate the published estimate from measured units, for a token-priced model
 * @param source where the figures come from
 */
public record ModelPrice(UnitPrices units, Map<TokenKind, Rate> tokens, Optional<UnitPrices> estimate,
        PriceSource source) {
    public ModelPrice {
        Objects.requireNonNull(units, "units is null");
        Objects.requireNonNull(estimate, "estimate is null");
        Objects.requireNonNull(source, "source is null");
        EnumMap<TokenKind, Rate> copy = new EnumMap<>(TokenKind.class);
        copy.putAll(tokens);
        tokens = Collections.unmodifiableMap(copy);
        if (!tokens.isEmpty() && !units.isEmpty()) {
            throw new IllegalArgumentException("a model is priced by measured units or by tokens, not both");
        }
        if (tokens.isEmpty() && units.isEmpty()) {
            throw new IllegalArgumentException("a model price prices nothing");
        }
        if (estimate.isPresent() && (tokens.isEmpty() || estimate.get().isEmpty())) {
            throw new IllegalArgumentException("an estimate belongs to a token-priced model and prices some unit");
        }
    }

    /** Priced by the tokens the upstream reports. */
    public boolean tokenPriced() {
        return !tokens.isEmpty();
    }
}
