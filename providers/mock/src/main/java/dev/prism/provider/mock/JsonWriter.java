package dev.prism.provider.mock;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Compact JSON text, built front to back. The plugin writes its few response shapes with this
 * instead of a JSON library, so that it depends on nothing the host might also load.
 *
 * <p>It places commas and escapes strings; the caller nests begin and end calls correctly. Not
 * thread-safe: one writer per document.
 */
final class JsonWriter {
    private static final int DECIMAL_PLACES = 3;

    private final StringBuilder out = new StringBuilder();
    private boolean needsComma;

    JsonWriter beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        needsComma = false;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    JsonWriter name(String name) {
        separate();
        appendQuoted(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    /** A string, or {@code null}. */
    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            appendQuoted(value);
        }
        needsComma = true;
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    /** A number rounded to {@value #DECIMAL_PLACES} decimal places, without trailing zeros. */
    JsonWriter value(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        separate();
        out.append(BigDecimal.valueOf(value).setScale(DECIMAL_PLACES, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString());
        needsComma = true;
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    /** The JSON text written so far. */
    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
        }
    }

    private void appendQuoted(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                // Control characters must be escaped; the line separators, because JavaScript
                // parsers that eval JSON choke on them.
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
