package dev.prism.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The in-memory cache opens once, by the gateway after it listens or by the call that needs it first. */
class OpeningAnswerStoreTest {
    private final FakeAnswerStore opened = new FakeAnswerStore();
    private final AtomicInteger openings = new AtomicInteger();

    @Test
    void nothingIsOpenedUntilTheStoreIsFirstNeeded() {
        new OpeningAnswerStore(this::open);

        assertThat(openings).hasValue(0);
    }

    @Test
    void theBackgroundStartOpensItOnceAndCallsUseThatStore() {
        OpeningAnswerStore store = new OpeningAnswerStore(this::open);

        store.run();
        store.run();
        store.put("k", new byte[] {1}, Duration.ofMinutes(1));

        assertThat(openings).hasValue(1);
        assertThat(store.get("k")).containsExactly(1);
        store.remove("k");
        assertThat(opened.get("k")).isNull();
    }

    @Test
    void aCallBeforeTheBackgroundStartOpensItItself() {
        OpeningAnswerStore store = new OpeningAnswerStore(this::open);

        assertThat(store.get("absent")).isNull();
        store.run();

        assertThat(openings).hasValue(1);
    }

    @Test
    void aCallDuringTheOpeningUsesThatOpeningInsteadOfASecond() throws Exception {
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        OpeningAnswerStore store = new OpeningAnswerStore(() -> {
            opening.countDown();
            await(release);
            return open();
        });
        Thread background = Thread.ofPlatform().start(store::run);
        assertThat(opening.await(10, TimeUnit.SECONDS)).isTrue();
        Thread call = Thread.ofPlatform().start(() -> store.put("k", new byte[] {2}, Duration.ofMinutes(1)));

        release.countDown();
        background.join(Duration.ofSeconds(10));
        call.join(Duration.ofSeconds(10));

        assertThat(openings).hasValue(1);
        assertThat(opened.get("k")).containsExactly(2);
    }

    @Test
    void aFailedOpeningFailsTheCallsAndIsTriedAgainByTheNext() {
        AtomicInteger attempts = new AtomicInteger();
        OpeningAnswerStore store = new OpeningAnswerStore(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("no room");
            }
            return open();
        });

        store.run();
        assertThat(attempts).as("the background start reports, never throws").hasValue(1);
        store.put("k", new byte[] {3}, Duration.ofMinutes(1));

        assertThat(opened.get("k")).containsExactly(3);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aFailedOpeningReachesTheCallThatNeededIt() {
        OpeningAnswerStore store = new OpeningAnswerStore(() -> {
            throw new IllegalStateException("no room");
        });

        assertThatThrownBy(() -> store.get("k")).isInstanceOf(IllegalStateException.class).hasMessage("no room");
    }

    private AnswerStore open() {
        openings.incrementAndGet();
        return opened;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
