package dev.prism.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The kernel's view of this host's TCP sockets (Linux {@code /proc/net/tcp}), for tests of who closed what. */
final class TcpStates {
    private static final String CLOSE_WAIT = "08";

    private TcpStates() {}

    static boolean available() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /**
     * Connections of a local server on {@code port} whose client has closed its end (the server has
     * not yet): what the server sees as "the caller hung up".
     */
    static int closedByTheirClient(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(path);
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    // f[1] local address:port, f[2] remote address:port, f[3] state
                    if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals(CLOSE_WAIT)) {
                        count++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }
}
