package dev.prism.core.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ledger's rows that found no room in memory while the database was out of reach, one JSON
 * line each, in files named {@code ledger-spill-<pid>-<n>-<tag>.jsonl}. Rows are appended to the current
 * file; before reading, the writer seals it (the next row starts a new one), writes each sealed
 * file's rows to the database and deletes the file. A file of a Prism that no longer runs (a crash)
 * is read too; a file of one that runs is left to it. The files together hold at most {@code
 * maxBytes}. Thread-safe.
 */
final class SpillFiles {
    private static final System.Logger LOG = System.getLogger(SpillFiles.class.getName());
    private static final Pattern NAME = Pattern.compile("ledger-spill-(\\d+)-(\\d+)(-[0-9a-f]+)?\\.jsonl");

    private final Path dir;
    private final long maxBytes;
    private final long pid = ProcessHandle.current().pid();
    // Two gateways in one process (tests, embedding) sharing a directory never append to the same file.
    private final String tag = Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24));
    private long bytes;
    private long sequence;
    private Path current;
    private OutputStream out;

    SpillFiles(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /**
     * Creates the directory and counts what earlier runs left in it.
     *
     * @throws UncheckedIOException when the directory cannot be made or read
     */
    synchronized void prepare() {
        try {
            Files.createDirectories(dir);
            bytes = 0;
            for (Path file : readable()) {
                bytes += sizeOf(file);
                sequence = Math.max(sequence, number(file) + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    /** What the files hold now, in bytes. */
    synchronized long bytes() {
        return bytes;
    }

    synchronized boolean isEmpty() {
        return bytes == 0;
    }

    /**
     * Appends the rows, each whole or not at all.
     *
     * @return the rows that did not fit under the bound or could not be written
     */
    synchronized List<LedgerRow> append(List<LedgerRow> rows) {
        List<LedgerRow> refused = new ArrayList<>();
        for (LedgerRow row : rows) {
            byte[] line = (LedgerRowJson.line(row) + "\n").getBytes(StandardCharsets.UTF_8);
            if (bytes + line.length > maxBytes || !write(line)) {
                refused.add(row);
            }
        }
        return refused;
    }

    private boolean write(byte[] line) {
        try {
            if (out == null) {
                Files.createDirectories(dir);
                current = dir.resolve("ledger-spill-" + pid + "-" + sequence++ + "-" + tag + ".jsonl");
                out = Files.newOutputStream(current, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            out.write(line);
            // Into the operating system at once: a crash of Prism then loses no spilled row.
            out.flush();
            bytes += line.length;
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "ledger: cannot write to the spill file " + current + ": " + e.getMessage());
            closeCurrent();
            return false;
        }
    }

    /**
     * Closes the file rows are appended to, so that it can be read, and lists the files to read,
     * oldest first: this process's and those of Prism processes that no longer run.
     */
    synchronized List<Path> seal() {
        closeCurrent();
        try {
            List<Path> files = readable();
            // Counted afresh: another writer of this process sharing the directory may have taken some.
            long total = 0;
            for (Path file : files) {
                total += sizeOf(file);
            }
            bytes = total;
            return files;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "ledger: cannot list the spill files in " + dir + ": " + e.getMessage());
            return List.of();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Hands the rows of a sealed file to {@code batches}, {@code batchRows} at a time, then deletes
     * the file. When {@code batches} throws, the file stays whole, to be read again later (rows
     * already written are then written again, which the ledger's key makes harmless).
     *
     * @return lines that were not whole rows (the last line of a file a crash cut short)
     */
    int drain(Path file, int batchRows, Consumer<List<LedgerRow>> batches) {
        int unreadable = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            // (A file another writer of this process read and deleted first is simply gone: see below.)
            List<LedgerRow> batch = new ArrayList<>(batchRows);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    batch.add(LedgerRowJson.row(line));
                } catch (IllegalArgumentException e) {
                    unreadable++;
                    continue;
                }
                if (batch.size() == batchRows) {
                    batches.accept(List.copyOf(batch));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                batches.accept(List.copyOf(batch));
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        delete(file);
        return unreadable;
    }

    private synchronized void delete(Path file) {
        try {
            long size = Files.size(file);
            Files.delete(file);
            bytes = Math.max(0, bytes - size);
        } catch (java.nio.file.NoSuchFileException e) {
            // Deleted by another writer of this process that read it too: its rows are in (twice is harmless).
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file that cannot be read would hold up every row behind it: it is renamed
     * {@code ....jsonl.unreadable}, no longer counted, and left for the operator.
     */
    synchronized void setAside(Path file, UncheckedIOException cause) {
        Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
        LOG.log(System.Logger.Level.ERROR, "ledger: cannot read the spill file " + file + " (" + cause.getCause().getMessage()
                + "); it is renamed " + aside.getFileName() + " and its rows are not written");
        try {
            long size = Files.size(file);
            Files.move(file, aside);
            bytes = Math.max(0, bytes - size);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "ledger: cannot rename " + file + ": " + e.getMessage());
        }
    }

    private void closeCurrent() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "ledger: cannot close the spill file " + current + ": " + e.getMessage());
            }
        }
        out = null;
        current = null;
    }

    private List<Path> readable() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(this::isReadable).sorted(Comparator.comparingLong(SpillFiles::number)).toList();
        }
    }

    private boolean isReadable(Path file) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        if (!name.matches() || file.equals(current)) {
            return false;
        }
        long owner = Long.parseLong(name.group(1));
        return owner == pid || ProcessHandle.of(owner).map(p -> !p.isAlive()).orElse(true);
    }

    private static long number(Path file) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        return name.matches() ? Long.parseLong(name.group(2)) : 0;
    }

    /** Flushes and closes the file rows are appended to; later rows open a new one. */
    synchronized void close() {
        if (out != null) {
            try {
                // At shutdown, onto the disk: what the ledger kept must survive the machine too.
                out.flush();
                if (current != null) {
                    try (var channel = java.nio.channels.FileChannel.open(current, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "ledger: cannot sync the spill file " + current + ": " + e.getMessage());
            }
        }
        closeCurrent();
    }
}
