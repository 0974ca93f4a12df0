package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code plugins} and {@code routing} sections the HTTP tests rely on are read, and typos in them refused. */
class ConfigSectionsTest {
    private static GatewayConfig parse(String yaml) {
        return new ConfigLoader(Map.<String, String>of()::get).parse(yaml);
    }

    @Test
    void pluginsAndRoutingSectionsAreRead() {
        GatewayConfig config = parse("""
                plugins: { dir: /opt/prism/plugins }
                routing: { deadline: 45s }
                """);

        assertThat(config.plugins().dir()).isEqualTo(Path.of("/opt/prism/plugins"));
        assertThat(config.routing().deadline()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void anUnknownKeyInThoseSectionsIsStillRefusedWithItsPath() {
        assertThatThrownBy(() -> parse("plugins: { dri: ./plugins }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("plugins.dri");
        assertThatThrownBy(() -> parse("routing: { dedline: 5s }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("routing.dedline");
    }
}
