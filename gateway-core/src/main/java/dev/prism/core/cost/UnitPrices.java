package dev.prism.core.cost;

import java.util.Objects;
import java.util.Optional;

/**
 * Prices of the units Prism measures itself: characters of speech input, seconds of audio, images.
 *
 * @param perCharacter the price of characters ({@code per_1m_characters: 15} is 15 per 1,000,000)
 * @param perSecond the price of audio seconds ({@code per_minute: 0.006} is 0.006 per 60)
 * @param perImage the price of an image by size and quality
 */
public record UnitPrices(Optional<Rate> perCharacter, Optional<Rate> perSecond, Optional<ImagePrices> perImage) {
    public static final UnitPrices NONE = new UnitPrices(Optional.empty(), Optional.empty(), Optional.empty());

    public UnitPrices {
        Objects.requireNonNull(perCharacter, "perCharacter is null");
        Objects.requireNonNull(perSecond, "perSecond is null");
        Objects.requireNonNull(perImage, "perImage is null");
    }

    public boolean isEmpty() {
        return perCharacter.isEmpty() && perSecond.isEmpty() && perImage.isEmpty();
    }
}
