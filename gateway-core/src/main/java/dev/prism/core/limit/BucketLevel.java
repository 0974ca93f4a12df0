package dev.prism.core.limit;

/**
 * A bucket's answer to a take (or a look): whether the tokens were taken, what is left, and how
 * long until it could give what was asked and until it is full again.
 *
 * @param taken whether the tokens asked for were taken
 * @param remaining tokens left after the take (or before a refused one); negative while a bucket
 *     is in debt for usage above what was reserved
 * @param nanosToWait for a refused take, how long until the bucket holds what was asked;
 *     {@link Long#MAX_VALUE} when it never will (more than its capacity); 0 when taken
 * @param nanosToFull how long until the bucket is full again
 */
public record BucketLevel(boolean taken, long remaining, long nanosToWait, long nanosToFull) {}
