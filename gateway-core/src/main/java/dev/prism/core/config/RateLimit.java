package dev.prism.core.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code rate_limit:} of a key, a model alias or a provider: any number of allowances, each
 * checked on its own, and how many requests may be in flight at once.
 *
 * @param allowances the limits per window ({@code requests_per_minute: 60}, ...)
 * @param maxConcurrent requests in flight at once, streams included, when capped
 */
public record RateLimit(List<Allowance> allowances, OptionalInt maxConcurrent) {
    /** No limit at all. */
    public static final RateLimit NONE = new RateLimit(List.of(), OptionalInt.empty());

    private static final Pattern SETTING = Pattern.compile("([a-z_]+)_per_([a-z]+)");

    public RateLimit {
        allowances = List.copyOf(allowances);
        if (maxConcurrent.isPresent() && maxConcurrent.getAsInt() < 1) {
            throw new IllegalArgumentException("max_concurrent must be at least 1");
        }
    }

    public boolean isNone() {
        return allowances.isEmpty() && maxConcurrent.isEmpty();
    }

    /** The allowances that count {@code unit}. */
    public List<Allowance> of(LimitUnit unit) {
        return allowances.stream().filter(a -> a.unit() == unit).toList();
    }

    /** Whether any allowance counts a media unit (not requests). */
    public boolean countsMedia() {
        return allowances.stream().anyMatch(a -> a.unit() != LimitUnit.REQUESTS);
    }

    /**
     * Reads {@code rate_limit: { requests_per_minute: 60, characters_per_minute: 100000,
     * max_concurrent: 4 }}: any {@code <unit>_per_<window>} with units requests, characters,
     * audio_seconds, images and windows second, minute, hour, day.
     */
    public static RateLimit read(ConfigNode node) {
        if (node.isMissing()) {
            return NONE;
        }
        if (!node.isMap()) {
            throw node.error("expected a map such as { requests_per_minute: 60, max_concurrent: 4 }");
        }
        List<ConfigException> problems = new ArrayList<>();
        List<Allowance> allowances = new ArrayList<>();
        OptionalInt maxConcurrent = OptionalInt.empty();
        for (String key : node.keys()) {
            try {
                if (key.equals("max_concurrent")) {
                    // A null value reads as absent: say what is expected rather than fail without a path.
                    int max = node.integer(key)
                            .orElseThrow(() -> node.error(key, "expected a whole number of at least 1"));
                    if (max < 1) {
                        throw node.error(key, "must be at least 1");
                    }
                    maxConcurrent = OptionalInt.of(max);
                    continue;
                }
                Optional<Allowance> allowance = allowance(key, node);
                if (allowance.isEmpty()) {
                    throw node.error(key, "unknown limit" + KeySuggestion.closest(key, knownSettings())
                            .map(known -> "; did you mean '" + known + "'?")
                            .orElse(". Write <unit>_per_<window> with a unit of " + names(LimitUnit.values())
                                    + " and a window of " + names(LimitWindow.values()) + ", or max_concurrent"));
                }
                allowances.add(allowance.get());
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        if (problems.isEmpty() && allowances.isEmpty() && maxConcurrent.isEmpty()) {
            problems.add(node.error("give at least one limit, such as requests_per_minute: 60"));
        }
        if (!problems.isEmpty()) {
            throw ConfigException.of(problems);
        }
        return new RateLimit(allowances, maxConcurrent);
    }

    private static Optional<Allowance> allowance(String key, ConfigNode node) {
        Matcher m = SETTING.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<LimitUnit> unit = Arrays.stream(LimitUnit.values()).filter(u -> u.configName().equals(m.group(1))).findFirst();
        Optional<LimitWindow> window = Arrays.stream(LimitWindow.values()).filter(w -> w.configName().equals(m.group(2)))
                .findFirst();
        if (unit.isEmpty() || window.isEmpty()) {
            return Optional.empty();
        }
        long amount = node.decimal(key).map(d -> {
            if (d.signum() <= 0 || d.stripTrailingZeros().scale() > 0) {
                throw node.error(key, "expected a whole number of at least 1");
            }
            return d.longValueExact();
        }).orElseThrow(() -> node.error(key, "expected a whole number of at least 1"));
        long most = Allowance.largest(unit.get(), window.get());
        if (amount > most) {
            // Buckets refill at most one token a nanosecond (Bucket4j's bound; audio counts milliseconds).
            throw node.error(key, "is too large: at most " + most + " per " + window.get().configName());
        }
        return Optional.of(new Allowance(unit.get(), amount, window.get()));
    }

    private static List<String> knownSettings() {
        List<String> known = new ArrayList<>();
        for (LimitUnit unit : LimitUnit.values()) {
            for (LimitWindow window : LimitWindow.values()) {
                known.add(unit.configName() + "_per_" + window.configName());
            }
        }
        known.add("max_concurrent");
        return known;
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v instanceof LimitUnit u ? u.configName() : ((LimitWindow) v).configName())
                .collect(Collectors.joining(", "));
    }

    /** As messages show it: {@code requests_per_minute: 60, max_concurrent: 4}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        allowances.forEach(a -> parts.add(a.configName() + ": " + a.amount()));
        maxConcurrent.ifPresent(max -> parts.add("max_concurrent: " + max));
        return String.join(", ", parts);
    }

    /** For maps keyed by owner: {@code NONE} when absent. */
    public static RateLimit of(Map<String, RateLimit> limits, String name) {
        return limits.getOrDefault(name, NONE);
    }
}
