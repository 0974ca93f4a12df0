package dev.prism.core.feature;

import java.util.Objects;

/**
 * One line of the start-up banner: {@code cache: ehcache, 64 MB in memory, ...}.
 *
 * @param label a short word, shown before a colon
 * @param text what the operator reads; never a secret
 */
public record BannerLine(String label, String text) {
    public BannerLine {
        Objects.requireNonNull(label, "label is null");
        Objects.requireNonNull(text, "text is null");
    }
}
