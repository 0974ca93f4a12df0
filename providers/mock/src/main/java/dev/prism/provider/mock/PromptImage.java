package dev.prism.provider.mock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The mock's picture of a prompt: a vertical gradient between two colours taken from the prompt's
 * hash, so a prompt always gives the same image and different prompts (or the second of {@code n}
 * images) visibly differ.
 */
record PromptImage(int topRgb, int bottomRgb) {
    /** The {@code index}-th image for a prompt. */
    static PromptImage of(String prompt, int index) {
        byte[] hash = sha256(prompt + "\n#" + index);
        return new PromptImage(rgb(hash, 0), rgb(hash, 3));
    }

    byte[] png(ImageSize size) {
        return PngEncoder.encode(size.width(), size.height(), (y, row) -> paintRow(size, y, row));
    }

    private void paintRow(ImageSize size, int y, byte[] row) {
        double t = size.height() == 1 ? 0 : (double) y / (size.height() - 1);
        byte red = (byte) mix(topRgb >> 16, bottomRgb >> 16, t);
        byte green = (byte) mix(topRgb >> 8, bottomRgb >> 8, t);
        byte blue = (byte) mix(topRgb, bottomRgb, t);
        for (int x = 0; x < row.length; x += 3) {
            row[x] = red;
            row[x + 1] = green;
            row[x + 2] = blue;
        }
    }

    private static int mix(int from, int to, double t) {
        return (int) Math.round((from & 0xFF) * (1 - t) + (to & 0xFF) * t);
    }

    private static int rgb(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 16 | (bytes[offset + 1] & 0xFF) << 8 | bytes[offset + 2] & 0xFF;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
