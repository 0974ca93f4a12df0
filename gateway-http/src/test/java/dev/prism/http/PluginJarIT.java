package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.spi.ProviderFactory;
import dev.prism.spi.SpiVersion;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider plugin built during the test (compiled against gateway-api only, jarred with its
 * service file) and dropped into the plugin directory is discovered and serves requests.
 */
class PluginJarIT {
    private static final String FACTORY = """
            package echo.plugin;

            import dev.prism.spi.Provider;
            import dev.prism.spi.ProviderConfig;
            import dev.prism.spi.ProviderContext;
            import dev.prism.spi.ProviderFactory;
import dev.prism.spi.SpiVersion;
            import java.util.Set;

            public final class EchoProviderFactory implements ProviderFactory {
                @Override
                public String type() {
                    return "echo";
                }

                @Override
                public Set<String> secretKeys() {
                    return Set.of();
                }

                @Override
                public Provider create(ProviderConfig config, ProviderContext context) {
                    return new EchoProvider(config.name());
                }
            }
            """;
    private static final String PROVIDER = """
            package echo.plugin;

            import dev.prism.api.MediaResponse;
            import dev.prism.api.SpeechRequest;
            import dev.prism.spi.CallContext;
            import dev.prism.spi.Provider;
            import dev.prism.spi.SpeechSynthesis;
            import java.nio.charset.StandardCharsets;

            /** Speaks by echoing the input text; the voice "isolation" reports what the plugin can see. */
            final class EchoProvider implements Provider, SpeechSynthesis {
                private final String name;

                EchoProvider(String name) {
                    this.name = name;
                }

                @Override
                public String name() {
                    return name;
                }

                @Override
                public MediaResponse synthesize(SpeechRequest request, CallContext call) {
                    String text = request.input();
                    if (request.voice().name().equals("isolation")) {
                        text = "context=" + Thread.currentThread().getContextClassLoader().getName()
                                + ";core=" + visible("dev.prism.core.GatewayModule")
                                + ";jackson=" + visible("com.fasterxml.jackson.databind.ObjectMapper");
                    }
                    return MediaResponse.of(request.contentType(), text.getBytes(StandardCharsets.UTF_8));
                }

                private static boolean visible(String className) {
                    try {
                        Class.forName(className, false, EchoProvider.class.getClassLoader());
                        return true;
                    } catch (ClassNotFoundException e) {
                        return false;
                    }
                }
            }
            """;

    @TempDir
    static Path pluginDir;
    @TempDir
    static Path build;

    private static RunningPrism prism;

    @BeforeAll
    static void buildPluginAndStart() throws Exception {
        buildPluginJar(pluginDir.resolve("echo.jar"));
        prism = RunningPrism.start("""
                server: { host: 127.0.0.1, port: 0 }
                plugins: { dir: "%s" }
                providers:
                  echoer: { type: echo }
                models:
                  echo-tts: { targets: [ { provider: echoer } ] }
                keys:
                  - { name: admin, key: %s }
                """.formatted(pluginDir, ADMIN_KEY));
    }

    @AfterAll
    static void stop() {
        prism.close();
    }

    private static void buildPluginJar(Path jar) throws Exception {
        buildPluginJar(jar, SpiVersion.CURRENT);
    }

    /** The echo plugin, declaring {@code spiVersion} in its manifest (nothing when null). */
    private static void buildPluginJar(Path jar, String spiVersion) throws Exception {
        Path sources = Files.createDirectories(build.resolve("src/echo/plugin"));
        Files.writeString(sources.resolve("EchoProviderFactory.java"), FACTORY);
        Files.writeString(sources.resolve("EchoProvider.java"), PROVIDER);
        Path classes = Files.createDirectories(build.resolve("classes"));
        Path gatewayApi = Path.of(ProviderFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "--release", "21", "-classpath", gatewayApi.toString(),
                "-d", classes.toString(), sources.resolve("EchoProviderFactory.java").toString(),
                sources.resolve("EchoProvider.java").toString());
        assertThat(status).as("javac exit status").isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (spiVersion != null) {
            manifest.getMainAttributes().putValue(SpiVersion.MANIFEST_ATTRIBUTE, spiVersion);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                add(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            add(out, "META-INF/services/" + ProviderFactory.class.getName(),
                    "echo.plugin.EchoProviderFactory\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void add(JarOutputStream jar, String name, byte[] bytes) throws Exception {
        jar.putNextEntry(new JarEntry(name));
        OutputStream out = jar;
        out.write(bytes);
        jar.closeEntry();
    }

    @Test
    void speechIsServedByThePluginFromTheJar() {
        HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY,
                "{\"model\":\"echo-tts\",\"input\":\"Echo me, plugin\",\"voice\":\"alloy\",\"response_format\":\"wav\"}");

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("echoer");
        assertThat(response.headers().firstValue("content-type")).hasValue("audio/wav");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("Echo me, plugin");
    }

    @Test
    void thePluginRunsInItsOwnClassLoaderSeeingOnlyTheSpi() {
        HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY,
                "{\"model\":\"echo-tts\",\"input\":\"?\",\"voice\":\"isolation\"}");

        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo("context=prism-plugin:echo.jar;core=false;jackson=false");
    }

    @Test
    void anOperationThePluginDoesNotImplementIsRefused() {
        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                Form.create().field("model", "echo-tts").file("a.wav", "audio/wav", AudioBytes.wav(100)));

        JsonNode error = OpenAiErrors.assertError(response, 400);
        assertThat(error.get("param").asText()).isEqualTo("model");
    }

    @Test
    void aPluginBuiltAgainstTheOldSpiIsRefusedAtStartNamingTheJarAndBothVersions(@TempDir Path oldPlugins)
            throws Exception {
        Path jar = oldPlugins.resolve("echo-1.jar");
        buildPluginJar(jar, "1.0");

        Throwable refused = catchThrowable(() -> RunningPrism.start("""
                server: { host: 127.0.0.1, port: 0 }
                plugins: { dir: "%s" }
                providers:
                  echoer: { type: echo }
                models:
                  echo-tts: { targets: [ { provider: echoer } ] }
                keys:
                  - { name: admin, key: %s }
                """.formatted(oldPlugins, ADMIN_KEY)));

        assertThat(StartupErrors.configErrorIn(refused)).as("the configuration error in %s", refused).isNotNull()
                .hasMessage("plugins: plugin jar " + jar + " was built against SPI 1.0; this Prism implements SPI "
                        + SpiVersion.CURRENT + ": rebuild the plugin against it");
    }

    @Test
    void thePluginsModelIsListed() {
        JsonNode models = OpenAiErrors.json(prism.get("/v1/models", ADMIN_KEY).body());

        assertThat(models.get("data").findValuesAsText("id")).isEqualTo(List.of("echo-tts"));
    }
}
