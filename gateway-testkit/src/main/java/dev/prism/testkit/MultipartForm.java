package dev.prism.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code multipart/form-data} body taken apart, parts in the order they came. Strict: a body that
 * does not follow RFC 7578 framing throws {@link IllegalArgumentException} from {@link #parse}.
 */
public record MultipartForm(List<Part> parts) {
    /** One part: a text field when {@code filename} is null and it is not the file part. */
    public record Part(String name, String filename, String contentType, byte[] bytes) {
        public Part {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public long size() {
            return bytes.length;
        }

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** Lower-case hex SHA-256 of the bytes. */
        public String sha256() {
            return FakeOpenAiUpstream.sha256(bytes);
        }
    }

    public MultipartForm {
        parts = List.copyOf(parts);
    }

    /** The last value of a text field. */
    public Optional<String> field(String name) {
        String value = null;
        for (Part p : parts) {
            if (p.name().equals(name) && p.filename() == null) {
                value = p.text();
            }
        }
        return Optional.ofNullable(value);
    }

    /** Every value of a text field, in order ({@code timestamp_granularities[]} repeats). */
    public List<String> fields(String name) {
        return parts.stream().filter(p -> p.name().equals(name) && p.filename() == null).map(Part::text).toList();
    }

    /** The names of the text fields, in order, repeats included. */
    public List<String> fieldNames() {
        return parts.stream().filter(p -> p.filename() == null && !p.name().equals("file")).map(Part::name).toList();
    }

    /** Every part named {@code name}, files and text alike, in order ({@code image[]} repeats). */
    public List<Part> parts(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).toList();
    }

    /** The part named {@code file}. */
    public Optional<Part> file() {
        return parts.stream().filter(p -> p.name().equals("file")).findFirst();
    }

    /**
     * Parses a body.
     *
     * @param contentType the request's content type, with its {@code boundary} parameter
     */
    public static MultipartForm parse(String contentType, byte[] body) {
        String boundary = boundaryOf(contentType);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] nextDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new IllegalArgumentException("no opening boundary");
        }
        List<Part> parts = new ArrayList<>();
        int pos = at + delimiter.length;
        while (true) {
            if (startsWith(body, pos, "--")) {
                return new MultipartForm(parts);
            }
            if (!startsWith(body, pos, "\r\n")) {
                throw new IllegalArgumentException("no line break after a boundary at " + pos);
            }
            pos += 2;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
            if (headersEnd < 0) {
                throw new IllegalArgumentException("part headers never end");
            }
            String headers = new String(body, pos, headersEnd - pos, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int contentEnd = indexOf(body, nextDelimiter, contentStart);
            if (contentEnd < 0) {
                throw new IllegalArgumentException("a part has no closing boundary");
            }
            byte[] content = java.util.Arrays.copyOfRange(body, contentStart, contentEnd);
            parts.add(part(headers, content));
            pos = contentEnd + nextDelimiter.length;
        }
    }

    private static Part part(String headers, byte[] content) {
        String name = null;
        String filename = null;
        String type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("bad part header: " + line);
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                name = parameter(value, "name");
                filename = parameter(value, "filename");
            } else if (header.equals("content-type")) {
                type = value;
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("a part has no name");
        }
        return new Part(name, filename, type, content);
    }

    /** A parameter of a header value: {@code name="x"} or {@code name=x}. */
    static String parameter(String headerValue, String parameter) {
        int i = 0;
        while (i < headerValue.length()) {
            int semicolon = indexOfUnquoted(headerValue, ';', i);
            String item = headerValue.substring(i, semicolon < 0 ? headerValue.length() : semicolon).trim();
            int eq = item.indexOf('=');
            if (eq > 0 && item.substring(0, eq).trim().equalsIgnoreCase(parameter)) {
                String value = item.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                }
                return value;
            }
            if (semicolon < 0) {
                break;
            }
            i = semicolon + 1;
        }
        return null;
    }

    private static int indexOfUnquoted(String s, char c, int from) {
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && quoted) {
                i++;
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (ch == c && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String boundaryOf(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new IllegalArgumentException("not multipart/form-data: " + contentType);
        }
        String boundary = parameter(contentType, "boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new IllegalArgumentException("no boundary in " + contentType);
        }
        return boundary;
    }

    private static boolean startsWith(byte[] body, int pos, String ascii) {
        if (pos + ascii.length() > body.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (body[pos + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
