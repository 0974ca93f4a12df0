package dev.prism.core.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.prism.api.FormField;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.MediaRequest;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.api.Upload;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The cache key of a request: SHA-256 over a canonical form of everything that changes the answer,
 * rendered as compact JSON with the keys of every object sorted. Defaults are filled in and field
 * order does not matter, so requests that mean the same share an entry. An upload counts by the hash of its bytes (an edit's images in order, and its mask), never by its file name nor by the multipart
 * body around it (whose boundary is random). The client's {@code user} and the streaming route do
 * not change the answer and are left out.
 */
final class CacheKeys {
    /** Form fields that the typed request already holds, or that do not change the answer. */
    private static final Set<String> TYPED_FIELDS = Set.of("model", "language", "prompt", "response_format", "temperature",
            "timestamp_granularities[]", "timestamp_granularities", "stream", "file", "user");
    /** The form fields of an image edit or variation that the typed request holds, or that do not change the answer. */
    private static final Set<String> TYPED_IMAGE_FIELDS = Set.of("model", "prompt", "n", "size", "quality",
            "response_format", "background", "input_fidelity", "output_format", "output_compression", "user", "stream",
            "partial_images");

    private static final ObjectMapper CANONICAL_JSON =
            JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private CacheKeys() {}

    /** @param scope the virtual key's name when entries are private to it, else empty */
    static String of(MediaRequest request, String scope) {
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("scope", scope);
        canonical.put("model", request.model());
        canonical.put("operation", request.operation().name());
        switch (request) {
            case SpeechRequest r -> {
                canonical.put("input", r.input());
                canonical.put("voice", (r.voice().custom() ? "id:" : "name:") + r.voice().name());
                canonical.put("response_format", r.responseFormat().wireName());
                canonical.put("speed", Double.toString(r.speed()));
                canonical.put("instructions", r.instructions());
                canonical.put("sse", r.sse());
                canonical.put("extensions", withoutUser(r.extensions()));
            }
            case TranscriptionRequest r -> {
                canonical.put("file", r.file().sha256());
                canonical.put("language", r.language());
                canonical.put("prompt", r.prompt());
                canonical.put("response_format", r.responseFormat().wireName());
                canonical.put("temperature", temperature(r.temperature()));
                canonical.put("granularities", granularities(r.timestampGranularities(), r.responseFormat()));
                canonical.put("stream", r.stream());
                canonical.put("fields", otherFields(r.fields(), TYPED_FIELDS));
            }
            case TranslationRequest r -> {
                canonical.put("file", r.file().sha256());
                canonical.put("prompt", r.prompt());
                canonical.put("response_format", r.responseFormat().wireName());
                canonical.put("temperature", temperature(r.temperature()));
                canonical.put("fields", otherFields(r.fields(), TYPED_FIELDS));
            }
            case ImageRequest r -> {
                canonical.put("prompt", r.prompt());
                canonical.put("n", r.n());
                canonical.put("size", r.size());
                canonical.put("quality", r.quality());
                canonical.put("style", r.style());
                canonical.put("response_format", r.responseFormat());
                canonical.put("output_format", r.outputFormat());
                canonical.put("output_compression", r.outputCompression());
                canonical.put("background", r.background());
                canonical.put("moderation", r.moderation());
                canonical.put("stream", r.stream());
                canonical.put("partial_images", r.partialImages());
                canonical.put("extensions", new TreeMap<>(r.extensions()));
            }
            case ImageEditRequest r -> {
                // Every image by its hash, in order: the first is the one the mask applies to.
                canonical.put("images", r.images().stream().map(Upload::sha256).toList());
                canonical.put("mask", r.mask() == null ? null : r.mask().sha256());
                canonical.put("prompt", r.prompt());
                canonical.put("n", r.n());
                canonical.put("size", r.size());
                canonical.put("quality", r.quality());
                canonical.put("response_format", r.responseFormat());
                canonical.put("background", r.background());
                canonical.put("input_fidelity", r.inputFidelity());
                canonical.put("output_format", r.outputFormat());
                canonical.put("output_compression", r.outputCompression());
                canonical.put("stream", r.stream());
                canonical.put("partial_images", r.partialImages());
                canonical.put("fields", otherFields(r.fields(), TYPED_IMAGE_FIELDS));
            }
            case ImageVariationRequest r -> {
                canonical.put("image", r.image().sha256());
                canonical.put("n", r.n());
                canonical.put("size", r.size());
                canonical.put("response_format", r.responseFormat());
                canonical.put("fields", otherFields(r.fields(), TYPED_IMAGE_FIELDS));
            }
        }
        return sha256(render(canonical));
    }

    /** {@code user} names the end user for the upstream's abuse checks; it never changes the answer. */
    private static Map<String, Object> withoutUser(Map<String, Object> extensions) {
        Map<String, Object> sorted = new TreeMap<>(extensions);
        sorted.remove("user");
        return sorted;
    }

    private static String temperature(Double t) {
        return Double.toString(t == null ? 0.0 : t);
    }

    private static Set<String> granularities(List<String> requested, TranscriptFormat format) {
        if (requested.isEmpty() && format == TranscriptFormat.VERBOSE_JSON) {
            return Set.of("segment");
        }
        return new TreeSet<>(requested);
    }

    /**
     * Fields Prism does not model (chunking_strategy[type], include[], known_speaker_names[]) by
     * name, names sorted, the values of a repeated name in the order sent: the n-th of
     * {@code known_speaker_names[]} names the voice of the n-th of {@code known_speaker_references[]},
     * so two requests that list the same speakers in another order mean something else.
     */
    private static Map<String, List<String>> otherFields(List<FormField> fields, Set<String> typed) {
        return fields.stream().filter(f -> !typed.contains(f.name())).collect(Collectors.groupingBy(
                FormField::name, TreeMap::new, Collectors.mapping(FormField::value, Collectors.toList())));
    }

    /** Compact JSON with every map's keys sorted at every depth: one text for each canonical form. */
    private static byte[] render(Map<String, Object> canonical) {
        try {
            return CANONICAL_JSON.writeValueAsBytes(canonical);
        } catch (JsonProcessingException e) {
            // Requests hold strings, numbers, booleans, lists and maps only.
            throw new IllegalStateException("cannot render a cache key's canonical form", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
