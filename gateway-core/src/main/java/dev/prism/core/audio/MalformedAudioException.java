package dev.prism.core.audio;

/**
 * The bytes do not make the container their first bytes announced: a header out of range, a
 * structure that does not fit in the file, or more reading than the file could justify. The reader
 * falls back to an estimate from the size.
 */
final class MalformedAudioException extends Exception {
    MalformedAudioException(String message) {
        super(message, null, false, false);
    }
}
