package dev.prism.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A header value followed by parameters, as {@code Content-Type} and {@code Content-Disposition}
 * carry them (RFC 9110 section 5.6.6): {@code form-data; name="file"; filename*=UTF-8''%E2%82%AC.wav}.
 *
 * <p>Parameter names are lower-cased; the first of a repeated name counts. A quoted value loses its
 * quotes and backslash escapes; an unquoted one runs to the next {@code ;}, trimmed, because clients
 * send unquoted file names with spaces in them.
 *
 * @param value the part before the first {@code ;}, trimmed, as sent
 * @param parameters the parameters by lower-cased name
 */
record ParameterizedHeader(String value, Map<String, String> parameters) {
    ParameterizedHeader {
        Objects.requireNonNull(value, "value is null");
        parameters = Map.copyOf(parameters);
    }

    /**
     * Parses a header value.
     *
     * @throws IllegalArgumentException when a quoted value is not closed
     */
    static ParameterizedHeader parse(String header) {
        int semicolon = header.indexOf(';');
        if (semicolon < 0) {
            return new ParameterizedHeader(header.trim(), Map.of());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = semicolon;
        while (i < header.length()) {
            int equals = header.indexOf('=', i + 1);
            int next = header.indexOf(';', i + 1);
            if (equals < 0 || (next >= 0 && next < equals)) {
                // A parameter without '=' says nothing; skip it.
                i = next < 0 ? header.length() : next;
                continue;
            }
            String name = header.substring(i + 1, equals).trim().toLowerCase(Locale.ROOT);
            int start = skipWhitespace(header, equals + 1);
            String parameterValue;
            if (start < header.length() && header.charAt(start) == '"') {
                StringBuilder unquoted = new StringBuilder();
                int end = unquote(header, start + 1, unquoted);
                parameterValue = unquoted.toString();
                int after = header.indexOf(';', end);
                i = after < 0 ? header.length() : after;
            } else {
                int end = next < 0 ? header.length() : next;
                parameterValue = header.substring(start, end).trim();
                i = end;
            }
            if (!name.isEmpty()) {
                parameters.putIfAbsent(name, parameterValue);
            }
        }
        return new ParameterizedHeader(header.substring(0, semicolon).trim(), parameters);
    }

    /** The parameter's value, or null. */
    String parameter(String name) {
        return parameters.get(name);
    }

    /**
     * Decodes an RFC 8187 {@code ext-value} ({@code UTF-8''%E2%82%AC.wav}), as {@code filename*} carries it.
     *
     * @return the text, or null when it is not a well-formed ext-value in UTF-8 or ISO-8859-1
     */
    static String decodeExtValue(String extValue) {
        int charsetEnd = extValue.indexOf('\'');
        int languageEnd = charsetEnd < 0 ? -1 : extValue.indexOf('\'', charsetEnd + 1);
        if (languageEnd < 0) {
            return null;
        }
        Charset charset = switch (extValue.substring(0, charsetEnd).toUpperCase(Locale.ROOT)) {
            case "UTF-8" -> StandardCharsets.UTF_8;
            case "ISO-8859-1" -> StandardCharsets.ISO_8859_1;
            default -> null;
        };
        if (charset == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = languageEnd + 1; i < extValue.length(); i++) {
            char c = extValue.charAt(i);
            if (c == '%') {
                int high = i + 2 < extValue.length() ? Character.digit(extValue.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(extValue.charAt(i + 2), 16);
                if (low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c > ' ' && c < 0x7f) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        return bytes.toString(charset);
    }

    private static int skipWhitespace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Appends the quoted string's content from {@code i} (after the opening quote); returns the index after the closing quote. */
    private static int unquote(String s, int i, StringBuilder out) {
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i < s.length()) {
                c = s.charAt(i++);
            }
            out.append(c);
        }
        throw new IllegalArgumentException("a quoted parameter value is not closed");
    }
}
