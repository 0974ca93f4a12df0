package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The training run of the start-up cache does what it should: every call it makes, to the built-in
 * demo and through a second gateway's {@code openai} provider, gets the status it expects. A call
 * that stopped working would make the launcher keep no cache, and every start slow, without a test
 * failing anywhere else.
 */
class StartupTrainingIT {
    @Test
    void everyCallOfTheTrainingRunGetsTheAnswerItExpects() throws Exception {
        assertThat(new StartupTraining().run()).isEmpty();
    }
}
