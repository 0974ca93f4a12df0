package dev.prism.http;

import dev.prism.testkit.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test class that talks to one Prism, started with {@link UpstreamConfig} against one fake OpenAI
 * for the whole class; each test starts with a fake that remembers nothing and answers like OpenAI.
 */
abstract class AgainstFakeUpstream {
    static FakeOpenAiUpstream upstream;
    static RunningPrism prism;

    @BeforeAll
    static void startPrismAndUpstream() {
        upstream = FakeOpenAiUpstream.start();
        prism = RunningPrism.start(UpstreamConfig.yaml(upstream));
    }

    @AfterAll
    static void stopPrismAndUpstream() {
        prism.close();
        upstream.close();
    }

    @BeforeEach
    void forgetUpstreamRequests() {
        upstream.reset();
    }
}
