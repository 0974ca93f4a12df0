package dev.prism.core.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The duration of an MP4/M4A file: the movie header's ({@code mvhd}, which honours the edit list
 * as ffprobe does), else the sound track's media header ({@code mdhd}), else, for a fragmented file
 * whose headers say 0 (Safari's recordings, ffmpeg's {@code empty_moov}), the end of its last
 * fragment ({@code tfdt} plus the {@code trun} sample durations). Bounded by what the samples can
 * hold: no audio codec stored in MP4 puts more than 8192 samples in one sample (AAC 1024 or 2048,
 * ALAC 4096, Opus at most 5760), and a truncated file by the share of its media data present.
 */
final class Mp4Duration {
    private static final int MAX_BOXES = 100_000;
    private static final int MAX_SAMPLES_PER_SAMPLE = 8192;
    private static final int AAC_MAX_SAMPLES_PER_SAMPLE = 2048;

    /** One track, as its boxes come by. */
    private static final class Track {
        long id = -1;
        boolean sound;
        long timescale;
        long duration;
        double sampleRate;
        int maxSamplesPerSample = MAX_SAMPLES_PER_SAMPLE;
        long sampleCount;
        long constantSampleSize;
    }

    /** What the walk found so far. */
    private static final class Movie {
        int boxes;
        long timescale;
        long duration;
        Track track;
        Track sound;
        long defaultSampleDuration;
        long fragmentTrackId;
        long fragmentDefaultDuration;
        long fragmentStart;
        // Sums of claimed durations, in doubles so that no claim overflows them.
        double fragmentDuration;
        long fragmentSamples;
        double fragmentsEnd;
        long mediaDeclared;
        long mediaPresent;
        boolean truncated;
    }

    private Mp4Duration() {}

    static Reading read(BoundedReader in) throws IOException, MalformedAudioException {
        Movie movie = new Movie();
        walk(in, 0, in.size(), movie, 0);
        Track sound = movie.sound;
        double seconds;
        if (movie.timescale > 0 && movie.duration > 0) {
            seconds = movie.duration / (double) movie.timescale;
        } else if (sound != null && sound.timescale > 0 && sound.duration > 0) {
            seconds = sound.duration / (double) sound.timescale;
        } else if (sound != null && sound.timescale > 0 && movie.fragmentsEnd > 0) {
            seconds = movie.fragmentsEnd / sound.timescale;
        } else {
            throw new MalformedAudioException("an MP4 file without a duration");
        }
        if (movie.truncated && movie.mediaDeclared > 0) {
            // The headers describe all the media data; only part of it arrived.
            seconds = seconds * movie.mediaPresent / movie.mediaDeclared;
        }
        Reading reading = new Reading(seconds, movie.truncated);
        if (sound == null || sound.sampleCount == 0) {
            return reading;
        }
        long samples = sound.sampleCount;
        if (sound.constantSampleSize > 0) {
            // Samples of one size, not listed one by one: no more of them than the media data holds.
            samples = Math.min(samples, movie.mediaPresent / sound.constantSampleSize + 1);
        }
        double rate = Math.max(8000, sound.sampleRate > 0 ? sound.sampleRate : sound.timescale);
        return reading.atMost(samples * (double) sound.maxSamplesPerSample / rate);
    }

    private static void walk(BoundedReader in, long from, long to, Movie movie, int depth)
            throws IOException, MalformedAudioException {
        long pos = from;
        while (pos + 8 <= to) {
            if (++movie.boxes > MAX_BOXES) {
                throw new MalformedAudioException("too many MP4 boxes");
            }
            long size = in.u32be(pos);
            int header = 8;
            if (size == 1) {
                size = in.u64be(pos + 8);
                header = 16;
            } else if (size == 0) {
                size = to - pos;
            }
            if (size < header) {
                throw new MalformedAudioException("an MP4 box shorter than its header");
            }
            long end = pos + size;
            if (end > to || end < pos) {
                movie.truncated = true;
                end = to;
            }
            if (pos + header <= end) {
                visit(in, type(in, pos + 4), pos + header, end, size - header, movie, depth);
            }
            pos = end;
        }
    }

    private static void visit(BoundedReader in, String type, long content, long end, long declaredLength,
            Movie movie, int depth) throws IOException, MalformedAudioException {
        switch (type) {
            case "moov", "mdia", "minf", "stbl", "moof" -> walk(in, content, end, movie, depth + 1);
            case "trak" -> {
                movie.track = new Track();
                walk(in, content, end, movie, depth + 1);
                if (movie.track.sound && movie.sound == null) {
                    movie.sound = movie.track;
                }
            }
            case "traf" -> {
                movie.fragmentTrackId = -1;
                movie.fragmentDefaultDuration = movie.defaultSampleDuration;
                movie.fragmentStart = -1;
                movie.fragmentDuration = 0;
                movie.fragmentSamples = 0;
                walk(in, content, end, movie, depth + 1);
                endFragment(movie);
            }
            case "mvhd" -> {
                boolean wide = in.u8(content) == 1;
                movie.timescale = in.u32be(content + (wide ? 20 : 12));
                movie.duration = wide ? in.u64be(content + 24) : knownU32(in.u32be(content + 16));
            }
            case "tkhd" -> track(movie).id = in.u32be(content + (in.u8(content) == 1 ? 20 : 12));
            case "hdlr" -> track(movie).sound = type(in, content + 8).equals("soun");
            case "mdhd" -> {
                boolean wide = in.u8(content) == 1;
                track(movie).timescale = in.u32be(content + (wide ? 20 : 12));
                track(movie).duration = wide ? in.u64be(content + 24) : knownU32(in.u32be(content + 16));
            }
            case "stsd" -> {
                // The first sample entry: its codec, and (for audio) its 16.16 sample rate.
                if (content + 8 + 36 <= end) {
                    String codec = type(in, content + 12);
                    track(movie).sampleRate = in.u32be(content + 8 + 32) >>> 16;
                    if (codec.equals("mp4a")) {
                        track(movie).maxSamplesPerSample = AAC_MAX_SAMPLES_PER_SAMPLE;
                    }
                }
            }
            case "stsz", "stz2" -> sampleCount(in, type, content, end, movie);
            case "trex" -> {
                if (movie.sound != null && in.u32be(content + 4) == movie.sound.id) {
                    movie.defaultSampleDuration = in.u32be(content + 12);
                }
            }
            case "tfhd" -> fragmentHeader(in, content, movie);
            case "tfdt" -> movie.fragmentStart = in.u8(content) == 1 ? in.u64be(content + 4) : in.u32be(content + 4);
            case "trun" -> trackRun(in, content, end, movie);
            case "mdat" -> {
                if (depth == 0) {
                    movie.mediaDeclared += declaredLength;
                    movie.mediaPresent += end - content;
                }
            }
            default -> {
                // Not needed for the duration.
            }
        }
    }

    private static Track track(Movie movie) throws MalformedAudioException {
        if (movie.track == null) {
            throw new MalformedAudioException("a track header outside a track");
        }
        return movie.track;
    }

    /** The number of samples the sample-size table really lists (a constant size lists none). */
    private static void sampleCount(BoundedReader in, String type, long content, long end, Movie movie)
            throws IOException, MalformedAudioException {
        long count = in.u32be(content + 8);
        long listed;
        if (type.equals("stsz")) {
            long constantSize = in.u32be(content + 4);
            track(movie).constantSampleSize = constantSize;
            listed = constantSize != 0 ? count : (end - content - 12) / 4;
        } else {
            int bits = in.u8(content + 7);
            listed = bits == 0 ? 0 : (end - content - 12) * 8 / bits;
        }
        track(movie).sampleCount = Math.min(count, Math.max(0, listed));
    }

    private static void fragmentHeader(BoundedReader in, long content, Movie movie)
            throws IOException, MalformedAudioException {
        int flags = in.u24be(content + 1);
        movie.fragmentTrackId = in.u32be(content + 4);
        long at = content + 8 + ((flags & 0x01) != 0 ? 8 : 0) + ((flags & 0x02) != 0 ? 4 : 0);
        if ((flags & 0x08) != 0) {
            movie.fragmentDefaultDuration = in.u32be(at);
        }
    }

    /** Adds a track run's sample durations to the current fragment: its own, or the defaults. */
    private static void trackRun(BoundedReader in, long content, long end, Movie movie)
            throws IOException, MalformedAudioException {
        int flags = in.u24be(content + 1);
        long count = in.u32be(content + 4);
        long at = content + 8 + ((flags & 0x01) != 0 ? 4 : 0) + ((flags & 0x04) != 0 ? 4 : 0);
        int entryBytes = Integer.bitCount(flags & 0xF00) * 4;
        if (entryBytes > 0) {
            count = Math.min(count, (end - at) / entryBytes);
        }
        movie.fragmentSamples += count;
        if ((flags & 0x100) == 0) {
            movie.fragmentDuration += (double) count * movie.fragmentDefaultDuration;
            return;
        }
        for (long i = 0; i < count; i++, at += entryBytes) {
            movie.fragmentDuration += in.u32be(at);
        }
    }

    private static void endFragment(Movie movie) {
        Track sound = movie.sound;
        if (sound == null || movie.fragmentTrackId != sound.id) {
            return;
        }
        double start = movie.fragmentStart >= 0 ? movie.fragmentStart : movie.fragmentsEnd;
        movie.fragmentsEnd = Math.max(movie.fragmentsEnd, start + movie.fragmentDuration);
        sound.sampleCount += movie.fragmentSamples;
    }

    /** A 32-bit duration of all ones means "unknown". */
    private static long knownU32(long value) {
        return value == 0xFFFF_FFFFL ? 0 : value;
    }

    private static String type(BoundedReader in, long at) throws IOException, MalformedAudioException {
        byte[] bytes = in.bytes(at, 4);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
