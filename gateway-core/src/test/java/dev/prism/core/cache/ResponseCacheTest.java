package dev.prism.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.prism.api.AudioFormat;
import dev.prism.api.ErrorKind;
import dev.prism.api.FormField;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageRequest;
import dev.prism.api.MediaRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.Operation;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.api.Voice;
import dev.prism.core.config.CacheSettings;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.keys.VirtualKey;
import dev.prism.core.pipeline.CacheDirectives;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.record.RecordView;
import static dev.prism.core.record.RecordView.headers;
import dev.prism.core.pipeline.MediaCall;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.routing.ProviderTarget;
import dev.prism.core.routing.Strategy;
import dev.prism.testkit.InMemoryUpload;
import dev.prism.testkit.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseCacheTest {
    private static final VirtualKey ALICE = new VirtualKey("alice", Optional.empty());
    private static final VirtualKey BOB = new VirtualKey("bob", Optional.empty());
    private static final byte[] WAV = "RIFF\0\0\0\0WAVEfmt some audio".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z");
    private final AtomicInteger upstreamCalls = new AtomicInteger();
    private EhcacheBackend backend;

    @BeforeEach
    void openBackend() {
        backend = new EhcacheBackend();
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    private ResponseCache cache(CacheSettings settings) {
        return new ResponseCache(settings, backend.openStore(settings, settings.ttl()), clock, 1024 * 1024,
                Duration.ofSeconds(5));
    }

    private CacheSettings settings(boolean privateToKey, Set<Operation> endpoints) {
        return new CacheSettings(true, "ehcache", Duration.ofHours(1), 16, 0, dir, "", privateToKey, endpoints);
    }

    private CacheSettings shared() {
        return settings(false, Set.of(Operation.SPEECH, Operation.TRANSCRIPTION, Operation.TRANSLATION, Operation.IMAGE));
    }

    private static MediaCall call(MediaRequest request, VirtualKey key, CacheDirectives directives) {
        ModelRoute route = new ModelRoute(request.model(), Strategy.FALLBACK, List.of(new ProviderTarget("up", request.model(), 1)),
                Optional.empty(), Optional.empty(), Optional.empty());
        return new MediaCall("req_1", key, request, route, directives);
    }

    private static MediaCall call(MediaRequest request) {
        return call(request, ALICE, CacheDirectives.NONE);
    }

    private static SpeechRequest speech(String input) {
        return new SpeechRequest("tts-1", input, Voice.named("alloy"), AudioFormat.MP3, 1.0, null, false, false, Map.of());
    }

    private static TranscriptionRequest transcription(String filename, byte[] audio, List<FormField> fields) {
        return new TranscriptionRequest("whisper-1", new InMemoryUpload(filename, "audio/wav", audio), null, null,
                TranscriptFormat.JSON, null, List.of(), false, fields);
    }

    /** An upstream that counts its calls and answers with a body derived from the call number. */
    private GatewayResponse upstream(MediaCall call) {
        int n = upstreamCalls.incrementAndGet();
        byte[] body = ("answer " + n + " for " + call.request().model()).getBytes(StandardCharsets.UTF_8);
        return RecordView.answered(call, "up", 2, MediaResponse.of("audio/mpeg", body));
    }

    private static String read(GatewayResponse response) {
        try (response; InputStream in = response.media().body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void secondIdenticalRequestIsAHitWithTheSameBodyContentTypeAndProviderAndNoAttempt() {
        ResponseCache cache = cache(shared());
        GatewayResponse first = cache.apply(call(speech("hello")), this::upstream);
        assertThat(headers(first)).containsEntry(RecordView.CACHE, "MISS");
        String firstBody = read(first);

        GatewayResponse second = cache.apply(call(speech("hello")), this::upstream);
        assertThat(headers(second)).containsEntry(RecordView.CACHE, "HIT")
                .containsEntry(RecordView.PROVIDER, "up").containsEntry(RecordView.ATTEMPTS, "0");
        assertThat(second.media().contentType()).isEqualTo("audio/mpeg");
        assertThat(read(second)).isEqualTo(firstBody);
        assertThat(upstreamCalls).hasValue(1);
    }

    @Test
    void everyEndpointIsCachedWhenEnabled() {
        ResponseCache cache = cache(shared());
        List<MediaRequest> requests = List.of(speech("x"), transcription("a.wav", WAV, List.of()),
                new TranslationRequest("whisper-1", new InMemoryUpload("a.wav", "audio/wav", WAV), null, TranscriptFormat.TEXT,
                        null, List.of()),
                ImageRequest.builder("dall-e-3", "a cat").size("1024x1024").responseFormat("b64_json").build());
        for (MediaRequest request : requests) {
            read(cache.apply(call(request), this::upstream));
            assertThat(headers(cache.apply(call(request), this::upstream))).containsEntry(RecordView.CACHE, "HIT");
        }
        assertThat(upstreamCalls).hasValue(requests.size());
    }

    @Test
    void endpointsNotListedAreNeitherCachedNorMarked() {
        ResponseCache cache = cache(settings(false, Set.of(Operation.SPEECH)));
        MediaRequest image = ImageRequest.builder("dall-e-3", "a cat").build();
        GatewayResponse first = cache.apply(call(image), this::upstream);
        read(first);
        GatewayResponse second = cache.apply(call(image), this::upstream);
        assertThat(headers(second)).doesNotContainKey(RecordView.CACHE);
        read(second);
        assertThat(upstreamCalls).hasValue(2);
    }

    @Test
    void keyScopedEntriesAreInvisibleToOtherKeys() {
        ResponseCache cache = cache(settings(true, Set.of(Operation.SPEECH)));
        read(cache.apply(call(speech("secret"), ALICE, CacheDirectives.NONE), this::upstream));
        GatewayResponse bob = cache.apply(call(speech("secret"), BOB, CacheDirectives.NONE), this::upstream);
        assertThat(headers(bob)).containsEntry(RecordView.CACHE, "MISS");
        read(bob);
        assertThat(headers(cache.apply(call(speech("secret"), ALICE, CacheDirectives.NONE), this::upstream)))
                .containsEntry(RecordView.CACHE, "HIT");
    }

    @Test
    void sharedEntriesServeEveryKey() {
        ResponseCache cache = cache(shared());
        read(cache.apply(call(speech("common"), ALICE, CacheDirectives.NONE), this::upstream));
        assertThat(headers(cache.apply(call(speech("common"), BOB, CacheDirectives.NONE), this::upstream)))
                .containsEntry(RecordView.CACHE, "HIT");
    }

    @Test
    void entriesExpireAfterTheirTtl() {
        ResponseCache cache = cache(shared());
        read(cache.apply(call(speech("short lived")), this::upstream));
        clock.advance(Duration.ofMinutes(59));
        assertThat(headers(cache.apply(call(speech("short lived")), this::upstream))).containsEntry(RecordView.CACHE, "HIT");
        clock.advance(Duration.ofMinutes(2));
        GatewayResponse expired = cache.apply(call(speech("short lived")), this::upstream);
        assertThat(headers(expired)).containsEntry(RecordView.CACHE, "MISS");
        read(expired);
        assertThat(upstreamCalls).hasValue(2);
    }

    @Test
    void aRequestedTtlOverridesTheConfiguredOne() {
        ResponseCache cache = cache(shared());
        CacheDirectives tenSeconds = new CacheDirectives(false, false, Optional.of(Duration.ofSeconds(10)));
        read(cache.apply(call(speech("brief"), ALICE, tenSeconds), this::upstream));
        clock.advance(Duration.ofSeconds(11));
        GatewayResponse again = cache.apply(call(speech("brief")), this::upstream);
        assertThat(headers(again)).containsEntry(RecordView.CACHE, "MISS");
        read(again);
    }

    @Test
    void aRequestedTtlCannotOutliveTheConfiguredOne() {
        ResponseCache cache = cache(shared());
        CacheDirectives twoHours = new CacheDirectives(false, false, Optional.of(Duration.ofHours(2)));
        read(cache.apply(call(speech("greedy"), ALICE, twoHours), this::upstream));
        clock.advance(Duration.ofMinutes(61));
        GatewayResponse later = cache.apply(call(speech("greedy")), this::upstream);
        assertThat(headers(later)).containsEntry(RecordView.CACHE, "MISS");
        read(later);
    }

    @Test
    void eachEntryIsWrittenWithItsOwnTtlAndARequestedOneOnlyShortensIt() {
        FakeAnswerStore store = new FakeAnswerStore();
        ResponseCache cache = new ResponseCache(shared(), store, clock, 1 << 20, Duration.ofSeconds(5));
        ModelRoute tenMinutes = new ModelRoute("tts-1", Strategy.FALLBACK, List.of(new ProviderTarget("up", "tts-1", 1)),
                Optional.empty(), Optional.of(true), Optional.of(Duration.ofMinutes(10)));
        read(cache.apply(call(speech("configured")), this::upstream));
        read(cache.apply(new MediaCall("r", ALICE, speech("alias"), tenMinutes, CacheDirectives.NONE), this::upstream));
        read(cache.apply(new MediaCall("r", ALICE, speech("shorter"), tenMinutes,
                new CacheDirectives(false, false, Optional.of(Duration.ofSeconds(30)))), this::upstream));
        read(cache.apply(new MediaCall("r", ALICE, speech("longer"), tenMinutes,
                new CacheDirectives(false, false, Optional.of(Duration.ofDays(7)))), this::upstream));

        assertThat(store.ttls.values()).containsExactlyInAnyOrder(Duration.ofHours(1), Duration.ofMinutes(10),
                Duration.ofSeconds(30), Duration.ofMinutes(10));
    }

    @Test
    void theLongestTtlIsTheLongestConfiguredOne() {
        ModelRoute day = new ModelRoute("tts-hd", Strategy.FALLBACK, List.of(new ProviderTarget("up", "tts-hd", 1)),
                Optional.empty(), Optional.of(true), Optional.of(Duration.ofDays(1)));
        ModelRoute plain = new ModelRoute("tts-1", Strategy.FALLBACK, List.of(new ProviderTarget("up", "tts-1", 1)),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(ResponseCache.longestTtl(shared(), List.of(plain))).isEqualTo(Duration.ofHours(1));
        assertThat(ResponseCache.longestTtl(shared(), List.of(plain, day))).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aStoreOutOfReachIsBypassedAndCounted() {
        FakeAnswerStore store = new FakeAnswerStore().failingWith(new IllegalStateException("connection refused"));
        ResponseCache cache = new ResponseCache(shared(), store, clock, 1 << 20, Duration.ofSeconds(5));

        GatewayResponse answer = cache.apply(call(speech("while down")), this::upstream);

        assertThat(headers(answer)).containsEntry(RecordView.CACHE, "BYPASS");
        assertThat(read(answer)).startsWith("answer 1");
        assertThat(cache.outages().bypassed()).isEqualTo(1);
        assertThat(store.entries).isEmpty();
    }

    @Test
    void aStoreOutOfReachIsA503WithoutAnUpstreamCallWhenTheCacheMustNotBeBypassed() {
        CacheSettings failing = new CacheSettings(true, "ehcache", Duration.ofHours(1), 16, 0, dir,
                dev.prism.core.config.RedisSettings.DEFAULT, false, Set.of(Operation.SPEECH), CacheSettings.OnUnavailable.FAIL);
        FakeAnswerStore store = new FakeAnswerStore().failingWith(new IllegalStateException("connection refused"));
        ResponseCache cache = new ResponseCache(failing, store, clock, 1 << 20, Duration.ofSeconds(5));

        assertThatThrownBy(() -> cache.apply(call(speech("while down")), this::upstream))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("cache_unavailable");
                });
        assertThat(upstreamCalls).hasValue(0);
        assertThat(cache.outages().refused()).isEqualTo(1);
    }

    @Test
    void aLeaderWhoseSecondLookupFailsLeavesNoRequestWaitingForIt() {
        // The first lookup finds nothing, the leader's second one fails: the request bypasses the cache.
        FakeAnswerStore store = new FakeAnswerStore().failingAfter(1, new IllegalStateException("down"));
        ResponseCache cache = new ResponseCache(shared(), store, clock, 1 << 20, Duration.ofMinutes(10));
        GatewayResponse bypassed = cache.apply(call(speech("dropped")), this::upstream);
        assertThat(headers(bypassed)).containsEntry(RecordView.CACHE, "BYPASS");
        read(bypassed);
        store.recover();

        // Had it kept its place as leader, this request would wait for it for ten minutes.
        GatewayResponse after = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> cache.apply(call(speech("dropped")), this::upstream));

        assertThat(headers(after)).containsEntry(RecordView.CACHE, "MISS");
        read(after);
    }

    @Test
    void imageLinksAreCachedForLessThanTheUpstreamKeepsThem() {
        ResponseCache cache = cache(shared());
        ImageRequest linked = ImageRequest.builder("dall-e-3", "a dog").responseFormat("url").build();
        read(cache.apply(call(linked), this::upstream));
        clock.advance(ResponseCache.LINKED_IMAGE_TTL.plusSeconds(1));
        GatewayResponse later = cache.apply(call(linked), this::upstream);
        assertThat(headers(later)).containsEntry(RecordView.CACHE, "MISS");
        read(later);
    }

    @Test
    void answersLinkingFilesThisGatewayPublishedAreNeverStored() {
        ResponseCache cache = cache(shared());
        ImageRequest linked = ImageRequest.builder("dall-e-2", "a fox").responseFormat("url").build();
        CachePolicyNext publishing = call -> {
            GatewayResponse answer = upstream(call);
            return answer.withMedia(answer.media().linkingPublishedMedia());
        };

        GatewayResponse first = cache.apply(call(linked), publishing::proceed);
        read(first);
        GatewayResponse second = cache.apply(call(linked), publishing::proceed);
        read(second);

        assertThat(headers(first)).containsEntry(RecordView.CACHE, "MISS");
        assertThat(headers(second)).containsEntry(RecordView.CACHE, "MISS");
        assertThat(upstreamCalls).hasValue(2);
    }

    @Test
    void noCacheSkipsTheLookupAndRefreshesTheEntry() {
        ResponseCache cache = cache(shared());
        read(cache.apply(call(speech("refresh")), this::upstream));
        GatewayResponse refreshed = cache.apply(call(speech("refresh"), ALICE, new CacheDirectives(true, false, Optional.empty())),
                this::upstream);
        assertThat(headers(refreshed)).containsEntry(RecordView.CACHE, "MISS");
        assertThat(read(refreshed)).startsWith("answer 2");
        assertThat(read(cache.apply(call(speech("refresh")), this::upstream))).startsWith("answer 2");
        assertThat(upstreamCalls).hasValue(2);
    }

    @Test
    void noStoreNeitherReadsNorWrites() {
        ResponseCache cache = cache(shared());
        read(cache.apply(call(speech("kept")), this::upstream));
        CacheDirectives noStore = new CacheDirectives(false, true, Optional.empty());
        GatewayResponse bypass = cache.apply(call(speech("kept"), ALICE, noStore), this::upstream);
        assertThat(headers(bypass)).containsEntry(RecordView.CACHE, "BYPASS");
        assertThat(read(bypass)).startsWith("answer 2");
        read(cache.apply(call(speech("never kept"), ALICE, noStore), this::upstream));
        GatewayResponse after = cache.apply(call(speech("never kept")), this::upstream);
        assertThat(headers(after)).containsEntry(RecordView.CACHE, "MISS");
        read(after);
    }

    @Test
    void aStreamClosedBeforeItsEndIsNotStored() throws IOException {
        ResponseCache cache = cache(shared());
        try (GatewayResponse partial = cache.apply(call(speech("aborted")), this::upstream)) {
            assertThat(partial.media().body().read(new byte[3])).isEqualTo(3);
        }
        GatewayResponse next = cache.apply(call(speech("aborted")), this::upstream);
        assertThat(headers(next)).containsEntry(RecordView.CACHE, "MISS");
        read(next);
    }

    @Test
    void aStreamThatBreaksMidwayIsNotStored() {
        ResponseCache cache = cache(shared());
        CachePolicyNext breaking = call -> new GatewayResponse(new MediaResponse("audio/mpeg", -1, new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 10) {
                    return 'a';
                }
                throw new IOException("connection reset");
            }
        }), call.record());
        GatewayResponse broken = cache.apply(call(speech("broken")), breaking::proceed);
        assertThatThrownBy(() -> broken.media().body().readAllBytes()).isInstanceOf(IOException.class);
        broken.close();
        GatewayResponse next = cache.apply(call(speech("broken")), this::upstream);
        assertThat(headers(next)).containsEntry(RecordView.CACHE, "MISS");
        read(next);
    }

    @Test
    void aCompletedEventStreamIsReplayedAsTheSameEvents() {
        ResponseCache cache = cache(shared());
        String events = "event: image_generation.partial_image\ndata: {\"type\":\"image_generation.partial_image\"}\n\n"
                + "event: image_generation.completed\ndata: {\"type\":\"image_generation.completed\",\"usage\":{}}\n\n";
        CachePolicyNext streaming = call -> {
            upstreamCalls.incrementAndGet();
            return RecordView.answered(call, "up", 1, MediaResponse.of("text/event-stream",
                    events.getBytes(StandardCharsets.UTF_8)));
        };
        assertThat(read(cache.apply(call(speech("events")), streaming::proceed))).isEqualTo(events);

        GatewayResponse hit = cache.apply(call(speech("events")), streaming::proceed);

        assertThat(headers(hit)).containsEntry(RecordView.CACHE, "HIT");
        assertThat(hit.media().contentType()).isEqualTo("text/event-stream");
        assertThat(read(hit)).isEqualTo(events);
        assertThat(upstreamCalls).hasValue(1);
    }

    @Test
    void anEventStreamThatEndedWithAnErrorEventIsNotStored() {
        ResponseCache cache = cache(shared());
        for (String error : List.of("data: {\"error\":{\"message\":\"failed\",\"type\":\"server_error\"}}\n\n",
                "event: error\ndata: {\"message\":\"failed\"}\n\n",
                "data: {\"type\":\"error\",\"code\":\"server_error\"}\n\n")) {
            String events = "data: {\"type\":\"transcript.text.delta\",\"delta\":\"The \"}\n\n" + error;
            CachePolicyNext failing = call -> RecordView.answered(call, "up", 1,
                    MediaResponse.of("text/event-stream", events.getBytes(StandardCharsets.UTF_8)));
            read(cache.apply(call(speech(error)), failing::proceed));

            GatewayResponse next = cache.apply(call(speech(error)), this::upstream);

            assertThat(headers(next)).as(error).containsEntry(RecordView.CACHE, "MISS");
            read(next);
        }
    }

    /** The chain's next step, as a named type for lambdas in tests. */
    private interface CachePolicyNext {
        GatewayResponse proceed(MediaCall call);
    }

    @Test
    void errorsAreNeverStored() {
        ResponseCache cache = cache(shared());
        assertThatThrownBy(() -> cache.apply(call(speech("fails")), c -> {
            upstreamCalls.incrementAndGet();
            throw new GatewayException(ErrorKind.UPSTREAM_FAILED, "down");
        })).isInstanceOf(GatewayException.class);
        GatewayResponse next = cache.apply(call(speech("fails")), this::upstream);
        assertThat(headers(next)).containsEntry(RecordView.CACHE, "MISS");
        read(next);
        assertThat(upstreamCalls).hasValue(2);
    }

    @Test
    void concurrentIdenticalMissesCauseOneUpstreamCall() throws Exception {
        ResponseCache cache = cache(shared());
        CountDownLatch release = new CountDownLatch(1);
        CallCounter slowUpstream = new CallCounter(release);
        int clients = 100;
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> read(cache.apply(call(speech("popular")), slowUpstream::answer))));
            }
            assertThat(slowUpstream.started.await(5, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            for (Future<String> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("the one answer");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(slowUpstream.calls).hasValue(1);
    }

    private static final class CallCounter {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch release;

        CallCounter(CountDownLatch release) {
            this.release = release;
        }

        GatewayResponse answer(MediaCall call) {
            calls.incrementAndGet();
            started.countDown();
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new GatewayResponse(MediaResponse.of("audio/mpeg", "the one answer".getBytes(StandardCharsets.UTF_8)),
                    call.record());
        }
    }

    @Test
    void aLeaderThatFailsLetsTheWaitingRequestsGoUpstreamThemselves() throws Exception {
        ResponseCache cache = cache(shared());
        CountDownLatch leaderInside = new CountDownLatch(1);
        CountDownLatch failLeader = new CountDownLatch(1);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<?> leader = pool.submit(() -> cache.apply(call(speech("flaky")), c -> {
                leaderInside.countDown();
                try {
                    failLeader.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new GatewayException(ErrorKind.UPSTREAM_FAILED, "down");
            }));
            assertThat(leaderInside.await(5, TimeUnit.SECONDS)).isTrue();
            Future<String> follower = pool.submit(() -> read(cache.apply(call(speech("flaky")), this::upstream)));
            failLeader.countDown();
            assertThat(follower.get(5, TimeUnit.SECONDS)).startsWith("answer 1");
            assertThatThrownBy(() -> leader.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(GatewayException.class);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void largeEntriesAreEvictedToStayWithinTheSizeLimit() {
        CacheSettings tiny = new CacheSettings(true, "ehcache", Duration.ofHours(1), 1, 0, dir, "", false, Set.of(Operation.SPEECH));
        Cache<String, byte[]> store = backend.open(tiny, Duration.ofHours(1));
        ResponseCache cache = new ResponseCache(tiny, AnswerStore.over(store), clock, 1024 * 1024, Duration.ofSeconds(5));
        byte[] big = new byte[300 * 1024];
        for (int i = 0; i < 10; i++) {
            read(cache.apply(call(speech("clip " + i)), c -> new GatewayResponse(MediaResponse.of("audio/mpeg", big), c.record())));
        }
        int kept = 0;
        long bytes = 0;
        for (Cache.Entry<String, byte[]> entry : store) {
            kept++;
            bytes += entry.getValue().length;
        }
        assertThat(kept).isBetween(1, 3);
        assertThat(bytes).isLessThanOrEqualTo(1024 * 1024);
    }

    @Test
    void theDiskTierSurvivesARestart() {
        CacheSettings persistent = new CacheSettings(true, "ehcache", Duration.ofHours(1), 1, 8, dir.resolve("cache"), "",
                false, Set.of(Operation.SPEECH));
        ResponseCache before = new ResponseCache(persistent, backend.openStore(persistent, Duration.ofHours(1)), clock, 1 << 20,
                Duration.ofSeconds(5));
        String original = read(before.apply(call(speech("durable")), this::upstream));
        backend.close();

        backend = new EhcacheBackend();
        ResponseCache after = new ResponseCache(persistent, backend.openStore(persistent, Duration.ofHours(1)), clock, 1 << 20,
                Duration.ofSeconds(5));
        GatewayResponse hit = after.apply(call(speech("durable")), this::upstream);
        assertThat(headers(hit)).containsEntry(RecordView.CACHE, "HIT");
        assertThat(read(hit)).isEqualTo(original);
        assertThat(upstreamCalls).hasValue(1);
    }

    @Test
    void answersOverTheEntryLimitPassThroughButAreNotStored() {
        CacheSettings settings = shared();
        ResponseCache cache = new ResponseCache(settings, backend.openStore(settings, Duration.ofHours(1)), clock, 16,
                Duration.ofSeconds(5));
        byte[] large = new byte[64];
        GatewayResponse first = cache.apply(call(speech("big")), c -> new GatewayResponse(MediaResponse.of("audio/mpeg", large), c.record()));
        try (first; InputStream in = first.media().body()) {
            assertThat(in.readAllBytes()).hasSize(64);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        GatewayResponse second = cache.apply(call(speech("big")), this::upstream);
        assertThat(headers(second)).containsEntry(RecordView.CACHE, "MISS");
        read(second);
    }

    @Test
    void anAnswerLargerThanHalfTheMemoryTierPassesThroughWithoutBeingStored() {
        GatewayConfig config = new ConfigLoader(name -> null).parse("""
                cache: { memory_mb: 1, disk_mb: 0, dir: %s, endpoints: [speech] }
                """.formatted(dir));
        CacheModule module = new CacheModule(config.feature(CacheSettings.class));
        ResponseCache cache = module.responseCache(module.store(module.answers(backend, config)), backend, config, clock);
        byte[] halfTheTier = new byte[512 * 1024];
        byte[] more = new byte[halfTheTier.length + 1];

        for (byte[] body : List.of(halfTheTier, more)) {
            String input = "clip of " + body.length;
            read(cache.apply(call(speech(input)), c -> new GatewayResponse(MediaResponse.of("audio/wav", body), c.record())));
            GatewayResponse again = cache.apply(call(speech(input)), this::upstream);
            assertThat(headers(again)).as("an answer of %d bytes", body.length)
                    .containsEntry(RecordView.CACHE, body == more ? "MISS" : "HIT");
            read(again);
        }
    }

    @Test
    void theSameUploadedBytesHitWhateverTheFileName() {
        ResponseCache cache = cache(shared());
        read(cache.apply(call(transcription("first.wav", WAV, List.of())), this::upstream));
        assertThat(headers(cache.apply(call(transcription("renamed.wav", WAV, List.of())), this::upstream)))
                .containsEntry(RecordView.CACHE, "HIT");
    }

    @Test
    void aDifferentFileWithTheSameNameMisses() {
        ResponseCache cache = cache(shared());
        read(cache.apply(call(transcription("audio.wav", WAV, List.of())), this::upstream));
        byte[] other = WAV.clone();
        other[other.length - 1] ^= 1;
        GatewayResponse answer = cache.apply(call(transcription("audio.wav", other, List.of())), this::upstream);
        assertThat(headers(answer)).containsEntry(RecordView.CACHE, "MISS");
        read(answer);
    }
}
