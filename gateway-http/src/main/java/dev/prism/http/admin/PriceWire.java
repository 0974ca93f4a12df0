package dev.prism.http.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.cost.CallCost;
import dev.prism.core.cost.ImagePrices;
import dev.prism.core.cost.ModelPrice;
import dev.prism.core.cost.PriceCatalogue;
import dev.prism.core.cost.PriceSource;
import dev.prism.core.cost.Rate;
import dev.prism.core.cost.UnitPrices;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /admin/prices} on the wire: every price in force, by provider and upstream model, with
 * where it comes from. A rate is {@code {"usd": "15", "per": 1000000}}: 15 USD per million units.
 */
public final class PriceWire {
    private final ObjectMapper mapper;

    public PriceWire(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode json(PriceCatalogue catalogue) {
        ObjectNode body = mapper.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (Map.Entry<String, Map<String, ModelPrice>> provider : catalogue.byProvider().entrySet()) {
            for (Map.Entry<String, ModelPrice> model : provider.getValue().entrySet()) {
                ObjectNode entry = data.addObject();
                entry.put("provider", provider.getKey());
                entry.put("model", model.getKey());
                price(entry, model.getValue());
            }
        }
        return body;
    }

    private static void price(ObjectNode entry, ModelPrice price) {
        entry.put("priced_by", price.tokenPriced() ? "tokens" : "units");
        units(entry, price.units());
        if (price.tokenPriced()) {
            ObjectNode tokens = entry.putObject("tokens");
            price.tokens().forEach((kind, rate) -> rate(tokens.putObject(kind.configName()), rate));
        }
        price.estimate().ifPresent(estimate -> units(entry.putObject("estimate"), estimate));
        source(entry.putObject("source"), price.source());
    }

    private static void units(ObjectNode node, UnitPrices units) {
        units.perCharacter().ifPresent(rate -> rate(node.putObject("per_character"), rate));
        units.perSecond().ifPresent(rate -> rate(node.putObject("per_second"), rate));
        units.perImage().ifPresent(images -> images(node.putObject("per_image"), images));
    }

    private static void images(ObjectNode node, ImagePrices images) {
        ArrayNode figures = node.putArray("figures");
        for (ImagePrices.Figure figure : images.figures()) {
            ObjectNode f = figures.addObject();
            f.put("size", figure.size());
            putOrNull(f, "quality", figure.quality());
            f.put("usd", CallCost.format(figure.usd()));
        }
        putOrNull(node, "default_size", images.defaultSize());
        putOrNull(node, "default_quality", images.defaultQuality());
    }

    private static void rate(ObjectNode node, Rate rate) {
        node.put("usd", CallCost.format(rate.usd()));
        node.put("per", rate.per());
    }

    private static void source(ObjectNode node, PriceSource source) {
        node.put("origin", source.origin());
        putOrNull(node, "reference", source.reference());
        putOrNull(node, "as_of", source.asOf().map(Object::toString));
    }

    private static void putOrNull(ObjectNode node, String field, Optional<String> value) {
        value.ifPresentOrElse(v -> node.put(field, v), () -> node.putNull(field));
    }
}
