package dev.prism.core.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.prism.core.audio.AudioFixtures.Fixture;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every fixture, mutated many times over with a fixed seed (bytes flipped, cut short, spliced with
 * other files, sizes and counts in headers made huge): the reader never throws, answers a duration
 * between zero and what the size allows, and reads no more than the file once through plus its
 * overhead, in runs no longer than its window.
 */
class AudioDurationFuzzTest {
    private static final long SEED = 20_241_129L;
    private static final int MUTANTS_PER_FIXTURE = 200;
    /** Numbers that break parsers: all ones, sign bits, zero, and lengths just past a buffer. */
    private static final int[] HOSTILE_NUMBERS = {0xFFFF_FFFF, 0x7FFF_FFFF, 0x8000_0000, 0, 1, 0x0001_0000, 0x00FF_FFFF,
        0xFFFF_FFF0};

    @Test
    void mutatedFixturesNeverThrowAndStayWithinTheirBounds() {
        Random random = new Random(SEED);
        List<byte[]> originals = AudioFixtures.ALL.stream().map(Fixture::bytes).toList();
        int mutants = 0;
        for (int f = 0; f < originals.size(); f++) {
            for (int i = 0; i < MUTANTS_PER_FIXTURE; i++) {
                String what = AudioFixtures.ALL.get(f) + ", mutant " + i;
                byte[] mutant = mutate(originals.get(f), originals, random);
                CountingBytes source = new CountingBytes(mutant);
                MeasuredDuration measured;
                try {
                    measured = AudioDuration.measure(source);
                } catch (Exception | StackOverflowError e) {
                    throw new AssertionError(what + " threw", e);
                }
                assertThat(measured.seconds()).as(what).isBetween(0.0,
                        mutant.length / (double) AudioDuration.MIN_BYTES_PER_SECOND + 0.0005);
                assertThat(source.bytesRead()).as(what + ": bytes read")
                        .isLessThanOrEqualTo(mutant.length + BoundedReader.OVERHEAD_BYTES);
                assertThat(source.largestRead()).as(what + ": largest read").isLessThanOrEqualTo(BoundedReader.MAX_RUN);
                mutants++;
            }
        }
        assertThat(mutants).isEqualTo(originals.size() * MUTANTS_PER_FIXTURE);
    }

    private static byte[] mutate(byte[] original, List<byte[]> others, Random random) {
        byte[] bytes = original.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds && bytes.length > 0; r++) {
            bytes = switch (random.nextInt(6)) {
                case 0 -> flipBits(bytes, random, bytes.length);
                case 1 -> flipBits(bytes, random, Math.min(bytes.length, 1024));
                case 2 -> Arrays.copyOf(bytes, random.nextInt(bytes.length));
                case 3 -> splice(bytes, others.get(random.nextInt(others.size())), random);
                case 4 -> hostileNumber(bytes, random);
                case 5 -> cutOut(bytes, random);
                default -> fail("no such mutation");
            };
        }
        return bytes;
    }

    /** Flips bits in the first {@code within} bytes, more often near the start. */
    private static byte[] flipBits(byte[] bytes, Random random, int within) {
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
            bytes[(int) (within * Math.pow(random.nextDouble(), 2))] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    /** A run of another file's bytes written over this one's. */
    private static byte[] splice(byte[] bytes, byte[] other, Random random) {
        int length = Math.min(1 + random.nextInt(4096), Math.min(bytes.length, other.length));
        System.arraycopy(other, random.nextInt(other.length - length + 1), bytes,
                random.nextInt(bytes.length - length + 1), length);
        return bytes;
    }

    /** A number that breaks parsers, big- or little-endian, in the headers at the start or the end. */
    private static byte[] hostileNumber(byte[] bytes, Random random) {
        if (bytes.length < 4) {
            return bytes;
        }
        int value = HOSTILE_NUMBERS[random.nextInt(HOSTILE_NUMBERS.length)];
        // Mostly in the first and last few dozen bytes, where the headers that size things are.
        int region = Math.min(bytes.length - 3, random.nextBoolean() ? 64 : 2048);
        int offset = (int) (region * Math.pow(random.nextDouble(), 3));
        int at = random.nextBoolean() ? offset : bytes.length - 4 - offset;
        boolean bigEndian = random.nextBoolean();
        for (int i = 0; i < 4; i++) {
            int shift = bigEndian ? 24 - 8 * i : 8 * i;
            bytes[at + i] = (byte) (value >>> shift);
        }
        return bytes;
    }

    private static byte[] cutOut(byte[] bytes, Random random) {
        int from = random.nextInt(bytes.length);
        int to = Math.min(bytes.length, from + 1 + random.nextInt(8192));
        byte[] shorter = Arrays.copyOf(bytes, bytes.length - (to - from));
        System.arraycopy(bytes, to, shorter, from, bytes.length - to);
        return shorter;
    }
}
