package dev.prism.core.cost;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What one image costs, by size and quality: dall-e-3 standard 1024x1024 $0.040, hd 1792x1024
 * $0.120. A figure without a quality applies to every quality (dall-e-2 has one price per size).
 *
 * @param figures the prices, each for one size (and quality)
 * @param defaultSize the size the upstream makes when a request names none (dall-e: 1024x1024)
 * @param defaultQuality the quality it makes when a request names none (dall-e-3: standard)
 */
public record ImagePrices(List<Figure> figures, Optional<String> defaultSize, Optional<String> defaultQuality) {
    /** What one image of {@code size} (and {@code quality}, or any quality when empty) costs. */
    public record Figure(Optional<String> quality, String size, BigDecimal usd) {
        public Figure {
            Objects.requireNonNull(quality, "quality is null");
            Objects.requireNonNull(size, "size is null");
            Objects.requireNonNull(usd, "usd is null");
            if (usd.signum() < 0) {
                throw new IllegalArgumentException("a price must not be negative: " + usd);
            }
        }
    }

    /**
     * The price of one image, and whether it had to be chosen among several because the request
     * left the size or the quality to the upstream ({@code auto}, or nothing and no default): then
     * the highest of them, so a budget never reserves too little.
     */
    record Price(BigDecimal usd, boolean chosen) {}

    public ImagePrices {
        figures = List.copyOf(figures);
        Objects.requireNonNull(defaultSize, "defaultSize is null");
        Objects.requireNonNull(defaultQuality, "defaultQuality is null");
        if (figures.isEmpty()) {
            throw new IllegalArgumentException("no image prices");
        }
    }

    /**
     * The price of one image of the size and quality a request asked for; empty when the table
     * has no figure for them (a size or quality it does not know: unpriced, never a guess).
     */
    Optional<Price> price(Optional<String> size, Optional<String> quality) {
        Optional<String> wantedSize = wanted(size, defaultSize);
        Optional<String> wantedQuality = wanted(quality, defaultQuality);
        List<Figure> candidates = figures.stream()
                .filter(f -> wantedSize.isEmpty() || f.size().equals(wantedSize.get()))
                .filter(f -> f.quality().isEmpty() || wantedQuality.isEmpty() || f.quality().equals(wantedQuality))
                .toList();
        return candidates.stream().map(Figure::usd).max(Comparator.naturalOrder())
                .map(highest -> new Price(highest, candidates.stream().anyMatch(f -> f.usd().compareTo(highest) != 0)));
    }

    /** What was asked for; the default when nothing was; empty (any) for {@code auto}. */
    private static Optional<String> wanted(Optional<String> asked, Optional<String> byDefault) {
        Optional<String> named = asked.map(a -> a.trim().toLowerCase(Locale.ROOT)).filter(a -> !a.isEmpty());
        if (named.isEmpty()) {
            return byDefault;
        }
        return named.get().equals("auto") ? Optional.empty() : named;
    }
}
