package dev.prism.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerUrlsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db:5432/prism                                 | jdbc:postgresql://db:5432/prism",
            "jdbc:postgresql://db:5432/prism?user=p&password=hunter2          | jdbc:postgresql://db:5432/prism",
            "jdbc:postgresql://prism:hunter2@db:5432/prism?sslmode=require    | jdbc:postgresql://db:5432/prism",
            "jdbc:h2:file:./data/prism-ledger;PASSWORD=hunter2;USER=sa        | jdbc:h2:file:./data/prism-ledger",
            "jdbc:h2:mem:test                                                 | jdbc:h2:mem:test"})
    void aUrlIsShownWithoutCredentialsOrParameters(String url, String shown) {
        assertThat(LedgerUrls.redact(url)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db:5432/prism?user=p&password=hunter2",
            "jdbc:postgresql://prism:hunter2@db:5432/prism",
            "jdbc:h2:file:./data/prism-ledger;PASSWORD=hunter2"})
    void aDriverMessageQuotingThePasswordIsMasked(String url) {
        assertThat(LedgerUrls.maskCredentials("connection to " + url + " refused: hunter2", url)).doesNotContain("hunter2");
    }
}
