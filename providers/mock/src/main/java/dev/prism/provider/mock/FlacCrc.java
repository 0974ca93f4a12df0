package dev.prism.provider.mock;

/** The two checksums of a FLAC frame: CRC-8 over the header and CRC-16 over the whole frame. */
final class FlacCrc {
    private static final int[] CRC8 = table(0x07, 8);
    private static final int[] CRC16 = table(0x8005, 16);

    private FlacCrc() {}

    /** CRC-8, polynomial x^8 + x^2 + x + 1, initial value 0. */
    static int crc8(byte[] bytes, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc = CRC8[(crc ^ bytes[i]) & 0xFF];
        }
        return crc;
    }

    /** CRC-16, polynomial x^16 + x^15 + x^2 + 1, initial value 0. */
    static int crc16(byte[] bytes, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc = ((crc << 8) ^ CRC16[((crc >> 8) ^ bytes[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    private static int[] table(int polynomial, int width) {
        int topBit = 1 << (width - 1);
        int mask = (1 << width) - 1;
        int[] table = new int[256];
        for (int b = 0; b < 256; b++) {
            int crc = b << (width - 8);
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & topBit) != 0 ? (crc << 1) ^ polynomial : crc << 1;
            }
            table[b] = crc & mask;
        }
        return table;
    }
}
