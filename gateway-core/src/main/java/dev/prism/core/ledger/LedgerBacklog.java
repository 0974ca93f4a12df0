package dev.prism.core.ledger;

/**
 * What the ledger's writer holds and has done since start, for tests, logs and health.
 *
 * @param inMemory rows waiting in memory
 * @param spilledBytes what the spill files hold, in bytes
 * @param written rows written to the database (a row written again after an unknown outcome counts again)
 * @param spilled rows that went to the spill files since start (memory was full, or the writer stopping)
 * @param lost rows that found no room in memory nor in the spill files, or spilled lines a crash cut short
 * @param databaseUp whether the last attempt to reach the database succeeded
 */
public record LedgerBacklog(int inMemory, long spilledBytes, long written, long spilled, long lost, boolean databaseUp) {}
