package dev.prism.core.upload;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What a class logs (through {@code System.Logger}, which goes to java.util.logging here) while a test runs. */
final class CapturedLog implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private CapturedLog(Logger logger) {
        this.logger = logger;
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    static CapturedLog of(Class<?> type) {
        return new CapturedLog(Logger.getLogger(type.getName()));
    }

    /** The records so far, their messages formatted with their parameters. */
    List<LogRecord> records() {
        return records.stream().map(r -> {
            LogRecord formatted = new LogRecord(r.getLevel(), r.getParameters() == null ? r.getMessage()
                    : java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
            formatted.setThrown(r.getThrown());
            return formatted;
        }).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
