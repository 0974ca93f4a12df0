package dev.prism.http;

import java.util.Optional;

/**
 * The host and port a client addressed ({@code Host} header, or the authority of its request
 * line), for the {@code server.address} and {@code server.port} of its span.
 *
 * @param port the port, or 0 when the authority names none
 */
record HostAndPort(String host, int port) {
    /** {@code example.com:8080}, {@code example.com}, {@code [::1]:8080}; empty when absent or unreadable. */
    static Optional<HostAndPort> of(String authority) {
        if (authority == null || authority.isEmpty()) {
            return Optional.empty();
        }
        int close = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        if (colon <= close) {
            return Optional.of(new HostAndPort(unbracketed(authority), 0));
        }
        String host = unbracketed(authority.substring(0, colon));
        try {
            return Optional.of(new HostAndPort(host, Integer.parseInt(authority.substring(colon + 1))));
        } catch (NumberFormatException e) {
            return host.isEmpty() ? Optional.empty() : Optional.of(new HostAndPort(host, 0));
        }
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
