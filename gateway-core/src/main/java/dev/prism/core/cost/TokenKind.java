package dev.prism.core.cost;

import dev.prism.api.UsageUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A kind of token a model is priced by, as OpenAI's price lists split them: text, audio and image,
 * in and out, and input tokens served from the upstream's prompt cache.
 */
public enum TokenKind {
    INPUT_TEXT("input_text", UsageUnit.INPUT_TEXT_TOKENS),
    INPUT_AUDIO("input_audio", UsageUnit.INPUT_AUDIO_TOKENS),
    INPUT_IMAGE("input_image", UsageUnit.INPUT_IMAGE_TOKENS),
    CACHED_INPUT_TEXT("cached_input_text", null),
    CACHED_INPUT_AUDIO("cached_input_audio", null),
    CACHED_INPUT_IMAGE("cached_input_image", null),
    OUTPUT_TEXT("output_text", UsageUnit.OUTPUT_TEXT_TOKENS),
    OUTPUT_AUDIO("output_audio", UsageUnit.OUTPUT_AUDIO_TOKENS),
    OUTPUT_IMAGE("output_image", UsageUnit.OUTPUT_IMAGE_TOKENS);

    /** The input kinds, in the order cached tokens are counted against them (the smallest discount first). */
    static final List<TokenKind> INPUTS = List.of(INPUT_TEXT, INPUT_AUDIO, INPUT_IMAGE);
    static final List<TokenKind> OUTPUTS = List.of(OUTPUT_TEXT, OUTPUT_AUDIO, OUTPUT_IMAGE);

    private final String configName;
    private final UsageUnit unit;

    TokenKind(String configName, UsageUnit unit) {
        this.configName = configName;
        this.unit = unit;
    }

    /** The name in a price list and in the {@code pricing} section: {@code input_text}, ... */
    public String configName() {
        return configName;
    }

    /** The unit of a call's usage that counts these tokens; cached kinds are counted by {@link UsageUnit#CACHED_TOKENS}. */
    Optional<UsageUnit> unit() {
        return Optional.ofNullable(unit);
    }

    /** The kind an input kind's cached tokens are priced at. */
    TokenKind cached() {
        return switch (this) {
            case INPUT_TEXT -> CACHED_INPUT_TEXT;
            case INPUT_AUDIO -> CACHED_INPUT_AUDIO;
            case INPUT_IMAGE -> CACHED_INPUT_IMAGE;
            default -> throw new IllegalStateException(this + " has no cached kind");
        };
    }

    public static Optional<TokenKind> fromConfigName(String name) {
        return Arrays.stream(values()).filter(k -> k.configName.equals(name)).findFirst();
    }
}
