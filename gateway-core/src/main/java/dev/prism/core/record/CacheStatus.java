package dev.prism.core.record;

/** What the response cache did for a call. */
public enum CacheStatus {
    /** The endpoint or alias is not cached, or the call never reached the cache. */
    NOT_CACHED,
    /** Answered from a stored entry; no upstream was called. */
    HIT,
    /** Went upstream; the answer may be stored. */
    MISS,
    /** Went upstream past the cache ({@code no-store}, or the store out of reach). */
    BYPASS
}
