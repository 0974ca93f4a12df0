package dev.prism.provider.mock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A minimal PNG writer: 8-bit RGB, no interlacing, rows unfiltered, deflated at the fastest level.
 * Written by hand rather than with ImageIO so the bytes are the same on every JDK and a flat image
 * of 1024x1024 takes milliseconds. The raw image never exists whole: rows are painted one at a time
 * into a single buffer and deflated as they come.
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int BIT_DEPTH = 8;
    private static final int COLOUR_TYPE_RGB = 2;
    private static final int FILTER_NONE = 0;
    /** Length, type and CRC around each chunk's data. */
    private static final int CHUNK_FRAME_BYTES = 12;

    private PngEncoder() {}

    /** Paints one row of an image. */
    @FunctionalInterface
    interface RowPainter {
        /**
         * @param rgb the row to fill: {@code 3 * width} bytes, red, green, blue per pixel; the same
         *     buffer for every row, holding the previous row's pixels
         */
        void paint(int y, byte[] rgb);
    }

    static byte[] encode(int width, int height, RowPainter painter) {
        byte[] header = ByteBuffer.allocate(13)
                .putInt(width).putInt(height)
                .put((byte) BIT_DEPTH).put((byte) COLOUR_TYPE_RGB)
                .put((byte) 0).put((byte) 0).put((byte) 0) // deflate, adaptive filtering, no interlace
                .array();
        byte[] pixels = pixels(width, height, painter);
        ByteArrayOutputStream png = new ByteArrayOutputStream(
                SIGNATURE.length + 3 * CHUNK_FRAME_BYTES + header.length + pixels.length);
        png.writeBytes(SIGNATURE);
        chunk(png, "IHDR", header);
        chunk(png, "IDAT", pixels);
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static byte[] pixels(int width, int height, RowPainter painter) {
        byte[] row = new byte[3 * width];
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, deflater, 64 * 1024)) {
            for (int y = 0; y < height; y++) {
                painter.paint(y, row);
                out.write(FILTER_NONE);
                out.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Deflating into memory cannot fail", e);
        } finally {
            deflater.end();
        }
        return compressed.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
