package dev.prism.http.openai;

import dev.prism.api.FormField;
import dev.prism.api.GatewayException;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.api.Upload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code POST /v1/audio/transcriptions} and {@code /translations}: the text fields of OpenAI's
 * multipart form and the spooled file to a request. Bracket-notation fields
 * ({@code timestamp_granularities[]}, {@code chunking_strategy[type]}) stay in the request as sent.
 */
public final class TranscriptionWire {
    private static final Set<String> GRANULARITIES = Set.of("word", "segment");

    public TranscriptionRequest transcription(List<FormField> fields, Upload file) {
        Form form = new Form(fields, file);
        TranscriptFormat format = form.format(EnumSetOf.TRANSCRIPTION);
        List<String> granularities = form.all("timestamp_granularities[]");
        granularities.addAll(form.all("timestamp_granularities"));
        for (String g : granularities) {
            if (!GRANULARITIES.contains(g)) {
                throw GatewayException.invalid("timestamp_granularities", "invalid_value",
                        "Invalid value: '" + g + "'. Supported values are: 'word' and 'segment'.");
            }
        }
        if (!granularities.isEmpty() && format != TranscriptFormat.VERBOSE_JSON) {
            throw GatewayException.invalid("timestamp_granularities",
                    "timestamp_granularities requires response_format 'verbose_json'.");
        }
        Optional<String> language = form.one("language");
        if (language.isPresent() && !language.get().matches("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?")) {
            throw GatewayException.invalid("language", "invalid_value",
                    "Invalid language '" + language.get() + "'. Language parameter must be specified in ISO-639-1 format.");
        }
        boolean stream = form.bool("stream");
        return new TranscriptionRequest(form.model(), file, language.orElse(null), form.one("prompt").orElse(null),
                format, form.temperature(), List.copyOf(granularities), stream, fields);
    }

    public TranslationRequest translation(List<FormField> fields, Upload file) {
        Form form = new Form(fields, file);
        TranscriptFormat format = form.format(EnumSetOf.TRANSLATION);
        if (form.bool("stream")) {
            throw GatewayException.invalid("stream", "Translations do not stream.");
        }
        return new TranslationRequest(form.model(), file, form.one("prompt").orElse(null), format, form.temperature(), fields);
    }

    private static final class EnumSetOf {
        static final Set<String> TRANSCRIPTION =
                new TreeSet<>(Arrays.stream(TranscriptFormat.values()).map(TranscriptFormat::wireName).toList());
        static final Set<String> TRANSLATION = new TreeSet<>(Set.of("json", "text", "srt", "verbose_json", "vtt"));
    }

    private record Form(List<FormField> fields, Upload file) {
        Form {
            if (file == null) {
                throw GatewayException.invalid("file", "Missing required parameter: 'file'.");
            }
            if (file.size() == 0) {
                throw GatewayException.invalid("file", "The uploaded file is empty.");
            }
        }

        Optional<String> one(String name) {
            String value = null;
            for (FormField f : fields) {
                if (f.name().equals(name)) {
                    value = f.value();
                }
            }
            return Optional.ofNullable(value);
        }

        List<String> all(String name) {
            List<String> values = new ArrayList<>();
            fields.stream().filter(f -> f.name().equals(name)).forEach(f -> values.add(f.value()));
            return values;
        }

        String model() {
            String model = one("model").orElseThrow(() -> GatewayException.invalid("model", "Missing required parameter: 'model'."));
            return SpeechWire.nonEmpty(model, "model");
        }

        TranscriptFormat format(Set<String> allowed) {
            return one("response_format").map(v -> {
                if (!allowed.contains(v)) {
                    throw GatewayException.invalid("response_format", "invalid_value", "Invalid value: '" + v
                            + "'. Supported values are: " + String.join(", ", allowed.stream().map(a -> "'" + a + "'").toList()) + ".");
                }
                return TranscriptFormat.fromWireName(v).orElseThrow();
            }).orElse(TranscriptFormat.JSON);
        }

        Double temperature() {
            Optional<String> text = one("temperature");
            if (text.isEmpty()) {
                return null;
            }
            double t;
            try {
                t = Double.parseDouble(text.get().trim());
            } catch (NumberFormatException e) {
                throw GatewayException.invalid("temperature", "invalid_type",
                        "Invalid type for 'temperature': expected a number, but got '" + text.get() + "'.");
            }
            if (!(t >= 0 && t <= 1)) {
                throw GatewayException.invalid("temperature", "invalid_value",
                        "Invalid 'temperature': " + text.get() + " is not between 0 and 1.");
            }
            return t;
        }

        boolean bool(String name) {
            return one(name).map(v -> switch (v) {
                case "true" -> true;
                case "false" -> false;
                default -> throw GatewayException.invalid(name, "invalid_type",
                        "Invalid type for '" + name + "': expected a boolean, but got '" + v + "'.");
            }).orElse(false);
        }
    }
}
