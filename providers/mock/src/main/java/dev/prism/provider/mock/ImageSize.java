package dev.prism.provider.mock;

import dev.prism.api.GatewayException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image's size in pixels, from the request's {@code size} ({@code 1024x1536}).
 *
 * @param width at least 1, at most {@value #MAX_SIDE}
 * @param height at least 1, at most {@value #MAX_SIDE}
 */
record ImageSize(int width, int height) {
    static final int MAX_SIDE = 4096;
    static final ImageSize DEFAULT = new ImageSize(1024, 1024);

    private static final Pattern WIDTH_X_HEIGHT = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

    ImageSize {
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("Image sides must be 1 to " + MAX_SIDE + " pixels, got " + width + "x"
                    + height);
        }
    }

    /**
     * The size a request asks for: {@link #DEFAULT} when it names none or says {@code auto}.
     *
     * @throws GatewayException {@code INVALID_REQUEST} on {@code size} when it is neither
     */
    static ImageSize parse(String size) {
        if (size == null || size.equals("auto")) {
            return DEFAULT;
        }
        Matcher matcher = WIDTH_X_HEIGHT.matcher(size);
        if (!matcher.matches()) {
            throw GatewayException.invalid("size", "Invalid size '" + size
                    + "': expected WIDTHxHEIGHT in pixels, such as 1024x1024, or auto.");
        }
        int width = Integer.parseInt(matcher.group(1));
        int height = Integer.parseInt(matcher.group(2));
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw GatewayException.invalid("size", "Invalid size '" + size + "': the mock provider draws images of 1 to "
                    + MAX_SIDE + " pixels a side.");
        }
        return new ImageSize(width, height);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
