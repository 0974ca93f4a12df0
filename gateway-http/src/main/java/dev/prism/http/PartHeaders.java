package dev.prism.http;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the headers of one part of a {@code multipart/form-data} form say (RFC 7578 section 4): the
 * field's name, the file's name and the part's media type.
 *
 * @param name the field name from {@code Content-Disposition}
 * @param filename the file name, or null when none was given
 * @param contentType the part's media type without parameters, lower-cased ({@code audio/wav}), or null
 */
record PartHeaders(String name, String filename, String contentType) {
    /** Browsers and fetch() escape these three as {@code %22}, {@code %0D}, {@code %0A} in names (WHATWG HTML, "multipart/form-data encoding"). */
    private static final Pattern ESCAPED = Pattern.compile("%(22|0[dD]|0[aA])");
    private static final Pattern LINE_END = Pattern.compile("\r\n");
    /** A line starting with a space or tab continues the one before (obsolete folding, RFC 5322). */
    private static final Pattern FOLD = Pattern.compile("\r\n[ \t]+");

    /**
     * Reads a part's header block: header lines, each ended by CRLF.
     *
     * @throws IllegalArgumentException when a line is not a header, or the part has no name
     */
    static PartHeaders parse(String block) {
        String disposition = null;
        String contentType = null;
        for (String line : LINE_END.split(FOLD.matcher(block).replaceAll(" "))) {
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("a part's header line has no name");
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition") && disposition == null) {
                disposition = value;
            } else if (header.equals("content-type") && contentType == null) {
                contentType = value;
            }
        }
        if (disposition == null) {
            throw new IllegalArgumentException("a part has no Content-Disposition");
        }
        ParameterizedHeader parsed = ParameterizedHeader.parse(disposition);
        String name = parsed.parameter("name");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a part has no name");
        }
        return new PartHeaders(unescape(name), filename(parsed), essence(contentType));
    }

    /** {@code filename*} wins over {@code filename} (RFC 6266 section 4.3); an undecodable one is passed over. */
    private static String filename(ParameterizedHeader disposition) {
        String extended = disposition.parameter("filename*");
        String decoded = extended == null ? null : ParameterizedHeader.decodeExtValue(extended);
        if (decoded != null) {
            return decoded;
        }
        String plain = disposition.parameter("filename");
        return plain == null ? null : unescape(plain);
    }

    private static String essence(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = ParameterizedHeader.parse(contentType).value().toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }

    /** Only what browsers escape: a literal {@code %20} or {@code 100%.wav} stays as it is. */
    private static String unescape(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        Matcher escaped = ESCAPED.matcher(value);
        return escaped.replaceAll(m -> switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "22" -> "\"";
            case "0d" -> "\r";
            default -> "\n";
        });
    }
}
