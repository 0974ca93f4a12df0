package dev.prism.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SpiVersionTest {
    @Test
    void aPluginOfTheSameMajorAndAnOlderOrEqualMinorIsCompatible() {
        assertThat(SpiVersion.compatible(SpiVersion.CURRENT)).isTrue();
        assertThat(SpiVersion.compatible(major() + ".0")).isTrue();
        assertThat(SpiVersion.compatible(" " + major() + ".0 ")).isTrue();
    }

    @Test
    void anotherMajorANewerMinorNoneOrGarbageIsNot() {
        assertThat(SpiVersion.compatible((major() - 1) + ".0")).isFalse();
        assertThat(SpiVersion.compatible((major() + 1) + ".0")).isFalse();
        assertThat(SpiVersion.compatible(major() + ".999")).isFalse();
        assertThat(SpiVersion.compatible(null)).isFalse();
        assertThat(SpiVersion.compatible("")).isFalse();
        assertThat(SpiVersion.compatible("two")).isFalse();
        assertThat(SpiVersion.compatible(String.valueOf(major()))).isFalse();
    }

    @Test
    void theBuildStampsProviderJarsWithThisVersion() throws Exception {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher property = Pattern.compile("<prism\\.spi\\.version>([^<]*)</prism\\.spi\\.version>").matcher(pom);

        assertThat(property.find()).as("prism.spi.version in the root pom").isTrue();
        assertThat(property.group(1)).isEqualTo(SpiVersion.CURRENT);
    }

    private static int major() {
        return Integer.parseInt(SpiVersion.CURRENT.substring(0, SpiVersion.CURRENT.indexOf('.')));
    }
}
