package dev.prism.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * A unit a call is measured or billed in. Token units split as upstreams report them: text, audio
 * and image, in and out; {@link #INPUT_TOKENS} and {@link #OUTPUT_TOKENS} are the totals when an
 * upstream gives no split.
 */
public enum UsageUnit {
    /** Characters of speech input, counted as code points. */
    CHARACTERS("characters"),
    /** Seconds of audio, in or out, to the millisecond. */
    AUDIO_SECONDS("audio_seconds"),
    /** Images made. */
    IMAGES("images"),
    INPUT_TOKENS("input_tokens"),
    OUTPUT_TOKENS("output_tokens"),
    INPUT_TEXT_TOKENS("input_text_tokens"),
    INPUT_AUDIO_TOKENS("input_audio_tokens"),
    INPUT_IMAGE_TOKENS("input_image_tokens"),
    OUTPUT_TEXT_TOKENS("output_text_tokens"),
    OUTPUT_AUDIO_TOKENS("output_audio_tokens"),
    OUTPUT_IMAGE_TOKENS("output_image_tokens"),
    /** Input tokens the upstream served from its own prompt cache. */
    CACHED_TOKENS("cached_tokens");

    private final String wireName;

    UsageUnit(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the {@code x-prism-usage} header and in the ledger. */
    public String wireName() {
        return wireName;
    }

    public static Optional<UsageUnit> fromWireName(String name) {
        return Arrays.stream(values()).filter(u -> u.wireName.equals(name)).findFirst();
    }
}
