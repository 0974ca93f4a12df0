package dev.prism.core.upload;

/**
 * Guesses an audio or video container, or an image format, from its first bytes, so an upload
 * without a file name (the official Java SDK sends none for streams and byte arrays) still reaches
 * the upstream with a name whose extension says what it is.
 */
public final class ContainerSniffer {
    /** A container: the file extension and the content type. */
    public record Container(String extension, String contentType) {
        /** A file name for an upload that came without one: {@code audio.wav}, {@code image.png}. */
        public String filename() {
            return (contentType.startsWith("image/") ? "image." : "audio.") + extension;
        }
    }

    private static final Container UNKNOWN = new Container("bin", "application/octet-stream");

    private ContainerSniffer() {}

    /** @param head the first bytes of the file (16 are enough) */
    public static Container sniff(byte[] head, int length) {
        if (length >= 8 && (head[0] & 0xFF) == 0x89 && starts(head, length, 1, "PNG\r\n")) {
            return new Container("png", "image/png");
        }
        if (length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return new Container("jpg", "image/jpeg");
        }
        if (starts(head, length, 0, "RIFF") && starts(head, length, 8, "WEBP")) {
            return new Container("webp", "image/webp");
        }
        if (starts(head, length, 0, "RIFF") && starts(head, length, 8, "WAVE")) {
            return new Container("wav", "audio/wav");
        }
        if (starts(head, length, 0, "fLaC")) {
            return new Container("flac", "audio/flac");
        }
        if (starts(head, length, 0, "OggS")) {
            return new Container("ogg", "audio/ogg");
        }
        if (starts(head, length, 0, "ID3")) {
            return new Container("mp3", "audio/mpeg");
        }
        if (length >= 4 && (head[0] & 0xFF) == 0x1A && (head[1] & 0xFF) == 0x45 && (head[2] & 0xFF) == 0xDF
                && (head[3] & 0xFF) == 0xA3) {
            return new Container("webm", "audio/webm");
        }
        if (starts(head, length, 4, "ftyp")) {
            return new Container("m4a", "audio/mp4");
        }
        if (length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0) {
            // An MPEG audio frame sync: layer III unless the layer bits say otherwise.
            return new Container("mp3", "audio/mpeg");
        }
        return UNKNOWN;
    }

    private static boolean starts(byte[] head, int length, int offset, String magic) {
        if (length < offset + magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (head[offset + i] != (byte) magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
