package dev.prism.core.cost;

import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.ConfigNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads model prices written in the price-list format (docs/cost.md), from a provider's price list
 * or from the configuration's {@code pricing} section: every problem with the path of its setting.
 */
final class PriceListReader {
    private static final Pattern SIZE = Pattern.compile("\\d{1,5}x\\d{1,5}");
    private static final Pattern QUALITY = Pattern.compile("[a-z][a-z0-9_-]*");
    private static final List<Unit> CHARACTER_KEYS = List.of(new Unit("per_character", 1),
            new Unit("per_1k_characters", 1_000), new Unit("per_1m_characters", 1_000_000));
    private static final List<Unit> SECOND_KEYS = List.of(new Unit("per_second", 1), new Unit("per_minute", 60),
            new Unit("per_hour", 3_600));

    private record Unit(String key, long per) {}

    private PriceListReader() {}

    /** A price list resource: {@code models:}, a map of model names to their prices. */
    static Map<String, ModelPrice> readList(String name, URL resource) {
        String root = "prices[" + name + "]";
        String text;
        try (InputStream in = resource.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(root, "cannot read " + resource + ": " + e.getMessage());
        }
        ConfigNode list = ConfigLoader.readData(root, text);
        ConfigNode models = list.child("models");
        if (!models.isMap()) {
            throw models.error("expected a map of model names to their prices");
        }
        Map<String, ModelPrice> prices = models(models, name);
        list.rejectUnknownKeys();
        return prices;
    }

    /** Every model of a map of model names to prices; all their problems at once. */
    static Map<String, ModelPrice> models(ConfigNode models, String origin) {
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        List<ConfigException> problems = new ArrayList<>();
        for (String model : models.keys()) {
            try {
                prices.put(model, model(models.child(model), origin));
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw ConfigException.of(problems);
        }
        return prices;
    }

    static ModelPrice model(ConfigNode m, String origin) {
        if (!m.isMap()) {
            throw m.error("expected the model's prices, such as { per_1m_characters: 15 }");
        }
        UnitPrices units = units(m);
        Map<TokenKind, Rate> tokens = tokens(m.child("per_1m_tokens"));
        Optional<UnitPrices> estimate = Optional.empty();
        ConfigNode estimateNode = m.child("estimate");
        if (!estimateNode.isMissing()) {
            if (tokens.isEmpty()) {
                throw estimateNode.error("only a model priced by per_1m_tokens has an estimate (the price of its "
                        + "measured units when the upstream reports no tokens)");
            }
            if (!estimateNode.isMap()) {
                throw estimateNode.error("expected unit prices, such as { per_minute: 0.006 }");
            }
            UnitPrices estimated = units(estimateNode);
            estimateNode.rejectUnknownKeys();
            if (estimated.isEmpty()) {
                throw estimateNode.error("prices no unit; give per_1k_characters, per_minute, per_image or another");
            }
            estimate = Optional.of(estimated);
        }
        Optional<String> reference = m.string("source");
        Optional<LocalDate> asOf = m.string("as_of").map(text -> date(m, text));
        m.rejectUnknownKeys();
        if (!tokens.isEmpty() && !units.isEmpty()) {
            throw m.error("is priced by per_1m_tokens and by measured units; give one (the measured units of a "
                    + "token-priced model go under estimate)");
        }
        if (tokens.isEmpty() && units.isEmpty()) {
            throw m.error("prices nothing; give per_1m_characters, per_minute, per_image, per_1m_tokens or another");
        }
        return new ModelPrice(units, tokens, estimate, new PriceSource(origin, reference, asOf));
    }

    private static LocalDate date(ConfigNode m, String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw m.error("as_of", "expected a date such as 2026-11-29");
        }
    }

    private static UnitPrices units(ConfigNode node) {
        Optional<Rate> characters = oneOf(node, CHARACTER_KEYS);
        Optional<Rate> seconds = oneOf(node, SECOND_KEYS);
        Optional<ImagePrices> images = Optional.empty();
        ConfigNode perImage = node.child("per_image");
        ConfigNode defaults = node.child("image_defaults");
        if (!perImage.isMissing()) {
            images = Optional.of(images(perImage, defaults));
        } else if (!defaults.isMissing()) {
            throw defaults.error("belongs with per_image");
        }
        return new UnitPrices(characters, seconds, images);
    }

    private static Optional<Rate> oneOf(ConfigNode node, List<Unit> units) {
        List<Unit> given = units.stream().filter(unit -> node.has(unit.key())).toList();
        if (given.size() > 1) {
            throw node.error(given.get(1).key(), "give only one of " + String.join(", ", units.stream().map(Unit::key).toList()));
        }
        return given.stream().findFirst().map(unit -> new Rate(price(node.child(unit.key())), unit.per()));
    }

    private static BigDecimal price(ConfigNode node) {
        BigDecimal usd = node.asDecimal().orElseThrow(() -> node.error("expected a price in USD, such as 0.015"));
        if (usd.signum() < 0) {
            throw node.error("must not be negative");
        }
        return usd;
    }

    private static Map<TokenKind, Rate> tokens(ConfigNode node) {
        Map<TokenKind, Rate> rates = new LinkedHashMap<>();
        if (node.isMissing()) {
            return rates;
        }
        if (!node.isMap()) {
            throw node.error("expected a price per 1M tokens of each kind, such as { input_text: 5, output_image: 40 }");
        }
        for (String name : node.keys()) {
            ConfigNode child = node.child(name);
            TokenKind kind = TokenKind.fromConfigName(name).orElseThrow(() -> child.error("unknown kind of token. "
                    + "Known: " + String.join(", ", java.util.Arrays.stream(TokenKind.values()).map(TokenKind::configName)
                            .toList())));
            rates.put(kind, new Rate(price(child), 1_000_000));
        }
        if (rates.isEmpty()) {
            throw node.error("prices no kind of token");
        }
        return rates;
    }

    private static ImagePrices images(ConfigNode node, ConfigNode defaults) {
        if (!node.isMap() || node.keys().isEmpty()) {
            throw node.error("expected prices by size ({ 1024x1024: 0.02 }) or by quality and size "
                    + "({ standard: { 1024x1024: 0.04 } })");
        }
        List<ImagePrices.Figure> figures = new ArrayList<>();
        boolean byQuality = node.child(node.keys().getFirst()).isMap();
        for (String key : node.keys()) {
            ConfigNode child = node.child(key);
            if (child.isMap() != byQuality) {
                throw child.error("mixes prices by size with prices by quality; give either sizes or qualities here");
            }
            if (byQuality) {
                if (!QUALITY.matcher(key).matches()) {
                    throw child.error("expected a quality such as standard, hd, low, medium or high");
                }
                for (String size : child.keys()) {
                    figures.add(figure(child, Optional.of(key), size));
                }
            } else {
                figures.add(figure(node, Optional.empty(), key));
            }
        }
        Optional<String> defaultSize = Optional.empty();
        Optional<String> defaultQuality = Optional.empty();
        if (!defaults.isMissing()) {
            defaultSize = defaults.string("size");
            defaultQuality = defaults.string("quality");
            defaults.rejectUnknownKeys();
            String size = defaultSize.orElse(null);
            if (size != null && figures.stream().noneMatch(f -> f.size().equals(size))) {
                throw defaults.error("size", "'" + size + "' has no price in per_image");
            }
            String quality = defaultQuality.orElse(null);
            if (quality != null && figures.stream().noneMatch(f -> f.quality().isEmpty() || f.quality().get().equals(quality))) {
                throw defaults.error("quality", "'" + quality + "' has no price in per_image");
            }
        }
        return new ImagePrices(figures, defaultSize, defaultQuality);
    }

    private static ImagePrices.Figure figure(ConfigNode table, Optional<String> quality, String size) {
        ConfigNode child = table.child(size);
        if (!SIZE.matcher(size).matches()) {
            throw child.error("expected a size such as 1024x1024");
        }
        return new ImagePrices.Figure(quality, size, price(child));
    }
}
