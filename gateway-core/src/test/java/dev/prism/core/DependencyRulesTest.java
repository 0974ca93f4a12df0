package dev.prism.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The arrows between modules, checked on the sources: core knows no web framework, the API only the JDK. */
class DependencyRulesTest {
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;");

    /** Surefire runs in the module directory. */
    private static final Path CORE_SOURCES = Path.of("").toAbsolutePath().resolve("src/main/java");
    private static final Path API_SOURCES = Path.of("").toAbsolutePath().resolve("../gateway-api/src/main/java").normalize();

    private record Import(Path file, int line, String name) {
        @Override
        public String toString() {
            return file.getFileName() + ":" + line + " imports " + name;
        }
    }

    private static List<Path> javaFiles(Path root) {
        assertThat(root).as("sources of the module").isDirectory();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Import> importsOf(Path root) {
        return javaFiles(root).stream().flatMap(file -> {
            try {
                List<String> lines = Files.readAllLines(file);
                return java.util.stream.IntStream.range(0, lines.size()).boxed().flatMap(i -> {
                    Matcher m = IMPORT.matcher(lines.get(i));
                    return m.find() ? Stream.of(new Import(file, i + 1, m.group(1))) : Stream.empty();
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void coreMainSourcesNeverImportHelidon() {
        assertThat(javaFiles(CORE_SOURCES)).as("core has sources to check").hasSizeGreaterThan(20);

        assertThat(importsOf(CORE_SOURCES))
                .filteredOn(i -> i.name().startsWith("io.helidon."))
                .as("core classes importing Helidon")
                .isEmpty();
    }

    @Test
    void apiMainSourcesImportNothingButTheJdkAndPrism() {
        List<Import> imports = importsOf(API_SOURCES);
        assertThat(imports).as("the API has imports to check").isNotEmpty();

        assertThat(imports)
                .filteredOn(i -> !i.name().startsWith("java.") && !i.name().startsWith("dev.prism."))
                .as("imports outside java.* and dev.prism.*")
                .isEmpty();
    }

    @Test
    void importScannerSeesPlainStaticAndWildcardImports() {
        Matcher plain = IMPORT.matcher("import com.fasterxml.jackson.databind.JsonNode;");
        Matcher stat = IMPORT.matcher("import static org.junit.Assert.assertTrue;");
        Matcher wild = IMPORT.matcher("import javax.inject.*;");

        assertThat(plain.find() && plain.group(1).equals("com.fasterxml.jackson.databind.JsonNode")).isTrue();
        assertThat(stat.find() && stat.group(1).equals("org.junit.Assert.assertTrue")).isTrue();
        assertThat(wild.find() && wild.group(1).equals("javax.inject.*")).isTrue();
    }

    /**
     * What an upstream answered is read by its provider (the OpenAI provider reads OpenAI's JSON and
     * reports a typed Usage); core works on the typed record. Jackson serves core only to read its
     * own YAML configuration, to write the canonical form a cache key hashes, to write and read
     * back the ledger's own spill files, and to write the access log's lines.
     */
    @Test
    void coreParsesNoUpstreamJsonOutsideItsConfiguration() {
        assertThat(importsOf(CORE_SOURCES))
                .filteredOn(i -> i.name().startsWith("com.fasterxml.jackson."))
                .filteredOn(i -> !isUnder(i.file(), "dev/prism/core/config") && !i.file().endsWith("cache/CacheKeys.java")
                        && !i.file().endsWith("ledger/LedgerRowJson.java")
                        && !i.file().endsWith("accesslog/AccessLogLine.java"))
                .as("core classes using Jackson outside the configuration reader and the cache key")
                .isEmpty();
    }

    private static boolean isUnder(Path file, String packagePath) {
        return CORE_SOURCES.relativize(file).toString().replace('\\', '/').startsWith(packagePath + "/");
    }
}
