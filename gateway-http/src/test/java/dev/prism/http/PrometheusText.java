package dev.prism.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: it checks the grammar
 * (names, quoted and escaped label values, numbers, HELP and TYPE lines, each family declared once
 * and before its samples, a histogram's samples being {@code _bucket} with {@code le}, {@code _sum}
 * and {@code _count}) and throws on anything else, so that a scrape a real Prometheus would reject
 * fails the test.
 */
final class PrometheusText {
    /** One sample line: its name, its labels in order, its value. */
    record Sample(String name, Map<String, String> labels, double value) {}

    /** A metric family: its TYPE, its HELP, its samples. */
    record Family(String name, String type, String help, List<Sample> samples) {}

    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private final Map<String, Family> families = new LinkedHashMap<>();

    private PrometheusText() {}

    static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        int number = 0;
        Map<String, String> helps = new TreeMap<>();
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            try {
                parsed.line(line, helps);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + number + " (" + line + "): " + e.getMessage(), e);
            }
        }
        return parsed;
    }

    Map<String, Family> families() {
        return families;
    }

    Family family(String name) {
        Family family = families.get(name);
        if (family == null) {
            throw new AssertionError("no metric family " + name + " in " + families.keySet());
        }
        return family;
    }

    /** The sum of the values of {@code sampleName}'s samples whose labels include {@code labels}. */
    double sum(String sampleName, Map<String, String> labels) {
        return samples(sampleName, labels).stream().mapToDouble(Sample::value).sum();
    }

    List<Sample> samples(String sampleName, Map<String, String> labels) {
        List<Sample> found = new ArrayList<>();
        for (Family family : families.values()) {
            for (Sample sample : family.samples()) {
                if (sample.name().equals(sampleName) && sample.labels().entrySet().containsAll(labels.entrySet())) {
                    found.add(sample);
                }
            }
        }
        return found;
    }

    private void line(String line, Map<String, String> helps) {
        if (line.startsWith("#")) {
            comment(line, helps);
            return;
        }
        Cursor c = new Cursor(line);
        String name = c.name(false);
        Map<String, String> labels = new LinkedHashMap<>();
        if (c.peek() == '{') {
            c.next();
            while (c.peek() != '}') {
                String label = c.name(true);
                c.expect('=');
                String value = c.quoted();
                if (labels.put(label, value) != null) {
                    throw new IllegalArgumentException("label " + label + " twice");
                }
                if (c.peek() == ',') {
                    c.next();
                } else if (c.peek() != '}') {
                    throw new IllegalArgumentException("expected , or } at " + c.at);
                }
            }
            c.next();
        }
        c.expect(' ');
        String rest = c.rest();
        String[] parts = rest.split(" ", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("too many fields after the labels");
        }
        double value = number(parts[0]);
        if (parts.length == 2 && !parts[1].matches("-?[0-9]+")) {
            throw new IllegalArgumentException("bad timestamp " + parts[1]);
        }
        Family family = familyOf(name);
        family.samples().add(new Sample(name, labels, value));
    }

    private Family familyOf(String sampleName) {
        for (String suffix : new String[] {"", "_bucket", "_sum", "_count"}) {
            if (!sampleName.endsWith(suffix)) {
                continue;
            }
            Family family = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
            if (family == null) {
                continue;
            }
            boolean histogram = family.type().equals("histogram") || family.type().equals("summary");
            if (suffix.isEmpty() && !histogram || !suffix.isEmpty() && histogram) {
                return family;
            }
        }
        throw new IllegalArgumentException("sample " + sampleName + " has no TYPE line before it");
    }

    private void comment(String line, Map<String, String> helps) {
        if (line.startsWith("# HELP ")) {
            Cursor c = new Cursor(line.substring(7));
            String name = c.name(false);
            String help = c.peek() == ' ' ? unescapeHelp(line.substring(7 + name.length() + 1)) : "";
            if (helps.put(name, help) != null) {
                throw new IllegalArgumentException("HELP for " + name + " twice");
            }
        } else if (line.startsWith("# TYPE ")) {
            String[] parts = line.substring(7).split(" ", -1);
            if (parts.length != 2 || !TYPES.contains(parts[1])) {
                throw new IllegalArgumentException("a TYPE line is '# TYPE name type'");
            }
            new Cursor(parts[0]).name(false);
            if (families.containsKey(parts[0])) {
                throw new IllegalArgumentException("TYPE for " + parts[0] + " twice");
            }
            families.put(parts[0], new Family(parts[0], parts[1], helps.getOrDefault(parts[0], ""), new ArrayList<>()));
        }
        // Any other comment is allowed and ignored.
    }

    private static String unescapeHelp(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\') {
                char escaped = i + 1 < text.length() ? text.charAt(++i) : ' ';
                out.append(switch (escaped) {
                    case '\\' -> '\\';
                    case 'n' -> '\n';
                    default -> throw new IllegalArgumentException("bad escape \\" + escaped + " in HELP");
                });
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                if (!text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                    throw new IllegalArgumentException("not a number: " + text);
                }
                yield Double.parseDouble(text);
            }
        };
    }

    /** Reads one line from left to right. */
    private static final class Cursor {
        private final String line;
        private int at;

        Cursor(String line) {
            this.line = line;
        }

        char peek() {
            return at < line.length() ? line.charAt(at) : '\0';
        }

        void next() {
            at++;
        }

        void expect(char ch) {
            if (peek() != ch) {
                throw new IllegalArgumentException("expected '" + ch + "' at " + at);
            }
            at++;
        }

        /** A metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}) or a label name (no colons). */
        String name(boolean label) {
            int start = at;
            while (at < line.length()) {
                char ch = line.charAt(at);
                boolean letter = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch == '_' || !label && ch == ':';
                if (!(letter || at > start && ch >= '0' && ch <= '9')) {
                    break;
                }
                at++;
            }
            if (at == start) {
                throw new IllegalArgumentException("expected a name at " + start);
            }
            return line.substring(start, at);
        }

        /** A label value: double quotes, with only \\, \" and \n escaped. */
        String quoted() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                if (at >= line.length()) {
                    throw new IllegalArgumentException("unterminated label value");
                }
                char ch = line.charAt(at++);
                if (ch == '"') {
                    return value.toString();
                }
                if (ch == '\\') {
                    char escaped = at < line.length() ? line.charAt(at++) : ' ';
                    value.append(switch (escaped) {
                        case '\\' -> '\\';
                        case '"' -> '"';
                        case 'n' -> '\n';
                        default -> throw new IllegalArgumentException("bad escape \\" + escaped + " in a label value");
                    });
                } else {
                    value.append(ch);
                }
            }
        }

        String rest() {
            String rest = line.substring(at);
            at = line.length();
            return rest;
        }
    }
}
