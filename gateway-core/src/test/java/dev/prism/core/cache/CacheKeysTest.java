package dev.prism.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.AudioFormat;
import dev.prism.api.FormField;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.Voice;
import dev.prism.testkit.InMemoryUpload;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheKeysTest {
    private static final byte[] AUDIO = "RIFF....WAVEdata".getBytes(StandardCharsets.ISO_8859_1);

    private static SpeechRequest speech(String input, Voice voice, double speed, Map<String, Object> extensions) {
        return new SpeechRequest("tts-1", input, voice, AudioFormat.MP3, speed, null, false, false, extensions);
    }

    private static TranscriptionRequest transcription(String filename, Double temperature, TranscriptFormat format,
            List<String> granularities, List<FormField> fields) {
        return new TranscriptionRequest("whisper-1", new InMemoryUpload(filename, "audio/wav", AUDIO), null, null, format,
                temperature, granularities, false, fields);
    }

    @Test
    void fieldOrderOfPassThroughFieldsDoesNotMatter() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", "two");
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", "two");
        ba.put("a", 1);
        assertThat(CacheKeys.of(speech("hi", Voice.named("alloy"), 1.0, ab), ""))
                .isEqualTo(CacheKeys.of(speech("hi", Voice.named("alloy"), 1.0, ba), ""));
    }

    @Test
    void fieldOrderInsideNestedPassThroughObjectsDoesNotMatterEither() {
        Map<String, Object> xy = new LinkedHashMap<>();
        xy.put("x", 1);
        xy.put("y", List.of("a", "b"));
        Map<String, Object> yx = new LinkedHashMap<>();
        yx.put("y", List.of("a", "b"));
        yx.put("x", 1);
        assertThat(CacheKeys.of(speech("hi", Voice.named("alloy"), 1.0, Map.of("options", xy)), ""))
                .isEqualTo(CacheKeys.of(speech("hi", Voice.named("alloy"), 1.0, Map.of("options", yx)), ""));
    }

    @Test
    void aNumberAndAStringOfTheSameDigitsAreDifferentParameters() {
        String number = CacheKeys.of(speech("hi", Voice.named("alloy"), 1.0, Map.of("seed", 3)), "");
        assertThat(CacheKeys.of(speech("hi", Voice.named("alloy"), 1.0, Map.of("seed", "3")), "")).isNotEqualTo(number);
    }

    @Test
    void theKeyIsAHexSha256() {
        assertThat(CacheKeys.of(speech("hi", Voice.named("alloy"), 1.0, Map.of()), "")).matches("[0-9a-f]{64}");
    }

    @Test
    void everyOutputAffectingParameterChangesTheKey() {
        String base = CacheKeys.of(speech("hi", Voice.named("alloy"), 1.0, Map.of()), "");
        assertThat(CacheKeys.of(speech("hi!", Voice.named("alloy"), 1.0, Map.of()), "")).isNotEqualTo(base);
        assertThat(CacheKeys.of(speech("hi", Voice.named("echo"), 1.0, Map.of()), "")).isNotEqualTo(base);
        assertThat(CacheKeys.of(speech("hi", Voice.custom("alloy"), 1.0, Map.of()), "")).isNotEqualTo(base);
        assertThat(CacheKeys.of(speech("hi", Voice.named("alloy"), 1.5, Map.of()), "")).isNotEqualTo(base);
        assertThat(CacheKeys.of(speech("hi", Voice.named("alloy"), 1.0, Map.of("seed", 3)), "")).isNotEqualTo(base);
        assertThat(CacheKeys.of(speech("hi", Voice.named("alloy"), 1.0, Map.of()), "alice")).isNotEqualTo(base);
    }

    @Test
    void theStreamingRouteSharesEntriesWithThePlainOne() {
        SpeechRequest plain = new SpeechRequest("tts-1", "hi", Voice.named("alloy"), AudioFormat.WAV, 1.0, null, false, false, Map.of());
        SpeechRequest streamed = new SpeechRequest("tts-1", "hi", Voice.named("alloy"), AudioFormat.WAV, 1.0, null, false, true, Map.of());
        assertThat(CacheKeys.of(plain, "")).isEqualTo(CacheKeys.of(streamed, ""));
    }

    @Test
    void defaultsAreFilledInBeforeHashing() {
        assertThat(CacheKeys.of(transcription("a.wav", null, TranscriptFormat.JSON, List.of(), List.of()), ""))
                .isEqualTo(CacheKeys.of(transcription("a.wav", 0.0, TranscriptFormat.JSON, List.of(), List.of()), ""));
        assertThat(CacheKeys.of(transcription("a.wav", null, TranscriptFormat.VERBOSE_JSON, List.of(), List.of()), ""))
                .isEqualTo(CacheKeys.of(transcription("a.wav", null, TranscriptFormat.VERBOSE_JSON, List.of("segment"), List.of()), ""));
    }

    @Test
    void theFileNameAndTheModelFieldAsSentDoNotCountButUnmodelledFieldsDo() {
        String base = CacheKeys.of(transcription("a.wav", null, TranscriptFormat.JSON, List.of(),
                List.of(new FormField("model", "whisper-1"))), "");
        assertThat(CacheKeys.of(transcription("b.mp3", null, TranscriptFormat.JSON, List.of(), List.of()), "")).isEqualTo(base);
        assertThat(CacheKeys.of(transcription("a.wav", null, TranscriptFormat.JSON, List.of(),
                List.of(new FormField("chunking_strategy[type]", "server_vad"))), "")).isNotEqualTo(base);
        assertThat(CacheKeys.of(transcription("a.wav", 0.4, TranscriptFormat.JSON, List.of(), List.of()), "")).isNotEqualTo(base);
    }

    @Test
    void theEndUserNamedForAbuseChecksDoesNotSplitEntries() {
        assertThat(CacheKeys.of(speech("hi", Voice.named("alloy"), 1.0, Map.of("user", "alice")), ""))
                .isEqualTo(CacheKeys.of(speech("hi", Voice.named("alloy"), 1.0, Map.of("user", "bob")), ""));
        assertThat(CacheKeys.of(transcription("a.wav", null, TranscriptFormat.JSON, List.of(),
                List.of(new FormField("user", "alice"))), ""))
                .isEqualTo(CacheKeys.of(transcription("a.wav", null, TranscriptFormat.JSON, List.of(), List.of()), ""));
    }
    private static String speechKey(String instructions, Voice voice, Map<String, Object> extensions) {
        return CacheKeys.of(new SpeechRequest("gpt-4o-mini-tts", "hi", voice, AudioFormat.MP3, 1.0, instructions, false,
                false, extensions), "");
    }

    private static String transcriptionKey(FormField... fields) {
        return CacheKeys.of(transcription("a.wav", null, TranscriptFormat.JSON, List.of(), List.of(fields)), "");
    }

    @Test
    void speechInstructionsChangeTheKey() {
        String calm = speechKey("Speak calmly.", Voice.named("alloy"), Map.of());
        assertThat(speechKey("Speak cheerfully.", Voice.named("alloy"), Map.of())).isNotEqualTo(calm);
        assertThat(speechKey(null, Voice.named("alloy"), Map.of())).isNotEqualTo(calm);
    }

    @Test
    void aCustomVoiceIdChangesTheKey() {
        String one = speechKey(null, Voice.custom("voice_123"), Map.of());
        assertThat(speechKey(null, Voice.custom("voice_456"), Map.of())).isNotEqualTo(one);
        assertThat(speechKey(null, Voice.named("voice_123"), Map.of())).isNotEqualTo(one);
    }

    @Test
    void anUnknownSpeechFieldChangesTheKey() {
        assertThat(speechKey(null, Voice.named("alloy"), Map.of("pitch", "low")))
                .isNotEqualTo(speechKey(null, Voice.named("alloy"), Map.of("pitch", "high")));
    }

    @Test
    void theChunkingStrategyChangesTheKeyInEitherForm() {
        String none = transcriptionKey();
        String auto = transcriptionKey(new FormField("chunking_strategy", "auto"));
        String json = transcriptionKey(new FormField("chunking_strategy", "{\"type\":\"server_vad\",\"threshold\":0.5}"));
        String bracketed = transcriptionKey(new FormField("chunking_strategy[type]", "server_vad"),
                new FormField("chunking_strategy[threshold]", "0.5"));
        String otherThreshold = transcriptionKey(new FormField("chunking_strategy[type]", "server_vad"),
                new FormField("chunking_strategy[threshold]", "0.7"));
        assertThat(List.of(none, auto, json, bracketed, otherThreshold)).doesNotHaveDuplicates();
    }

    @Test
    void includeChangesTheKey() {
        assertThat(transcriptionKey(new FormField("include[]", "logprobs"))).isNotEqualTo(transcriptionKey());
    }

    @Test
    void knownSpeakersChangeTheKeyAndSoDoesTheirOrder() {
        FormField ada = new FormField("known_speaker_names[]", "ada");
        FormField bob = new FormField("known_speaker_names[]", "bob");
        FormField first = new FormField("known_speaker_references[]", "data:audio/wav;base64,AAAA");
        FormField second = new FormField("known_speaker_references[]", "data:audio/wav;base64,BBBB");
        String adaThenBob = transcriptionKey(ada, bob, first, second);
        assertThat(transcriptionKey()).isNotEqualTo(adaThenBob);
        // Names pair with references by position: swapping the names swaps who spoke.
        assertThat(transcriptionKey(bob, ada, first, second)).isNotEqualTo(adaThenBob);
        assertThat(transcriptionKey(ada, bob, first, new FormField("known_speaker_references[]", "data:audio/wav;base64,CCCC")))
                .isNotEqualTo(adaThenBob);
        // Where the arrays sit among the other fields does not matter.
        assertThat(transcriptionKey(ada, first, bob, second)).isEqualTo(adaThenBob);
    }

    @Test
    void transcriptionStreamingLanguageAndPromptChangeTheKey() {
        TranscriptionRequest plain = transcription("a.wav", null, TranscriptFormat.JSON, List.of(), List.of());
        TranscriptionRequest streamed = new TranscriptionRequest("whisper-1", plain.file(), null, null,
                TranscriptFormat.JSON, null, List.of(), true, List.of());
        TranscriptionRequest english = new TranscriptionRequest("whisper-1", plain.file(), "en", null,
                TranscriptFormat.JSON, null, List.of(), false, List.of());
        TranscriptionRequest prompted = new TranscriptionRequest("whisper-1", plain.file(), null, "Names: Ada",
                TranscriptFormat.JSON, null, List.of(), false, List.of());
        TranscriptionRequest diarized = new TranscriptionRequest("whisper-1", plain.file(), null, null,
                TranscriptFormat.DIARIZED_JSON, null, List.of(), false, List.of());
        assertThat(List.of(plain, streamed, english, prompted, diarized).stream().map(r -> CacheKeys.of(r, "")).toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void imageStreamingAndPartialImagesChangeTheKey() {
        ImageRequest.Builder base = ImageRequest.builder("gpt-image-1", "a fox");
        String plain = CacheKeys.of(base.build(), "");
        String streamed = CacheKeys.of(base.stream(true).build(), "");
        String onePartial = CacheKeys.of(base.stream(true).partialImages(1).build(), "");
        String twoPartials = CacheKeys.of(base.stream(true).partialImages(2).build(), "");
        assertThat(List.of(plain, streamed, onePartial, twoPartials)).doesNotHaveDuplicates();
    }

    private static InMemoryUpload image(String name, String bytes) {
        return new InMemoryUpload(name, "image/png", bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ImageEditRequest.Builder edit(List<dev.prism.api.Upload> images) {
        return ImageEditRequest.builder("gpt-image-1", "a hat", images);
    }

    @Test
    void anEditCountsEveryImageInOrderAndTheMaskByTheirBytes() {
        InMemoryUpload a = image("a.png", "PNG a");
        InMemoryUpload b = image("b.png", "PNG b");
        InMemoryUpload mask = image("mask.png", "PNG mask");
        String key = CacheKeys.of(edit(List.of(a, b)).mask(mask).build(), "");

        assertThat(CacheKeys.of(edit(List.of(image("x.png", "PNG a"), image("y.png", "PNG b")))
                .mask(image("m.png", "PNG mask")).imageField("image").build(), ""))
                .as("the same bytes under other names and part names").isEqualTo(key);
        assertThat(CacheKeys.of(edit(List.of(b, a)).mask(mask).build(), "")).as("another order").isNotEqualTo(key);
        assertThat(CacheKeys.of(edit(List.of(a, image("b.png", "PNG c"))).mask(mask).build(), ""))
                .as("another second image").isNotEqualTo(key);
        assertThat(CacheKeys.of(edit(List.of(a, b)).mask(image("mask.png", "PNG other")).build(), ""))
                .as("another mask").isNotEqualTo(key);
        assertThat(CacheKeys.of(edit(List.of(a, b)).build(), "")).as("no mask").isNotEqualTo(key);
    }

    @Test
    void everyOutputAffectingFieldOfAnEditChangesTheKeyButTheUserDoesNot() {
        List<dev.prism.api.Upload> images = List.of(image("a.png", "PNG a"));
        String key = CacheKeys.of(edit(images).build(), "");

        for (ImageEditRequest other : List.of(edit(images).n(2).build(), edit(images).size("1024x1536").build(),
                edit(images).quality("high").build(), edit(images).responseFormat("b64_json").build(),
                edit(images).background("transparent").build(), edit(images).inputFidelity("high").build(),
                edit(images).outputFormat("webp").build(), edit(images).outputCompression(50).build(),
                edit(images).stream(true).build(), edit(images).partialImages(2).build(),
                edit(images).fields(List.of(new FormField("brand_new_option", "1"))).build(),
                ImageEditRequest.builder("gpt-image-1", "a scarf", images).build())) {
            assertThat(CacheKeys.of(other, "")).as("%s", other).isNotEqualTo(key);
        }
        assertThat(CacheKeys.of(edit(images).user("someone").fields(List.of(new FormField("user", "someone"),
                new FormField("model", "gpt-image-1"))).build(), "")).isEqualTo(key);
    }

    @Test
    void aVariationCountsItsImageByItsBytes() {
        String key = CacheKeys.of(new ImageVariationRequest("dall-e-2", image("a.png", "PNG a"), 1, null, null, null,
                List.of()), "");

        assertThat(CacheKeys.of(new ImageVariationRequest("dall-e-2", image("b.png", "PNG a"), 1, null, null, "u",
                List.of(new FormField("user", "u"))), "")).isEqualTo(key);
        assertThat(CacheKeys.of(new ImageVariationRequest("dall-e-2", image("a.png", "PNG b"), 1, null, null, null,
                List.of()), "")).isNotEqualTo(key);
        assertThat(CacheKeys.of(new ImageVariationRequest("dall-e-2", image("a.png", "PNG a"), 1, "256x256", null, null,
                List.of()), "")).isNotEqualTo(key);
    }
}
