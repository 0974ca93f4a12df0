package dev.prism.api;

/** The media operations Prism serves. */
public enum Operation {
    SPEECH("speech"),
    TRANSCRIPTION("transcriptions"),
    TRANSLATION("translations"),
    IMAGE("images"),
    /** {@code POST /v1/images/edits}. */
    IMAGE_EDIT("image_edits"),
    /** {@code POST /v1/images/variations}. */
    IMAGE_VARIATION("image_variations");

    private final String configName;

    Operation(String configName) {
        this.configName = configName;
    }

    /** The name used for this operation in the configuration file ({@code cache.endpoints}, ...). */
    public String configName() {
        return configName;
    }
}
