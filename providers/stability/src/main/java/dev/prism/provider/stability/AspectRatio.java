package dev.prism.provider.stability;

import dev.prism.api.GatewayException;
import java.util.Comparator;
import java.util.List;

/**
 * The aspect ratios Stability's text-to-image endpoints take. Stability makes about one megapixel
 * whatever was asked, so an OpenAI size only chooses the shape: the ratio nearest to it.
 */
record AspectRatio(int width, int height) {
    static final List<AspectRatio> ALL = List.of(new AspectRatio(16, 9), new AspectRatio(1, 1),
            new AspectRatio(21, 9), new AspectRatio(2, 3), new AspectRatio(3, 2), new AspectRatio(4, 5),
            new AspectRatio(5, 4), new AspectRatio(9, 16), new AspectRatio(9, 21));
    static final AspectRatio SQUARE = new AspectRatio(1, 1);

    /**
     * The ratio for an OpenAI {@code size}: 1:1 for none or {@code auto}, else the nearest by
     * logarithm (so 2:1 and 1:2 are equally far from 1:1). 1792x1024 is 1.75, nearest 16:9.
     */
    static AspectRatio forSize(String size) {
        if (size == null || size.equals("auto")) {
            return SQUARE;
        }
        String[] parts = size.split("x");
        int w;
        int h;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            w = Integer.parseInt(parts[0]);
            h = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw GatewayException.invalid("size", "invalid_value", "size must be WIDTHxHEIGHT (such as 1024x1024) or auto; got '"
                    + size + "'.");
        }
        if (w <= 0 || h <= 0) {
            throw GatewayException.invalid("size", "invalid_value", "size must be positive; got '" + size + "'.");
        }
        double wanted = Math.log((double) w / h);
        return ALL.stream().min(Comparator.comparingDouble(r -> Math.abs(Math.log((double) r.width / r.height) - wanted)))
                .orElseThrow();
    }

    /** As Stability writes it: {@code 16:9}. */
    @Override
    public String toString() {
        return width + ":" + height;
    }
}
