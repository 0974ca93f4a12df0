package dev.prism.provider.stability;

import dev.prism.conformance.MapProviderConfig;
import dev.prism.conformance.JdkHttpTransport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.spi.CallContext;
import dev.prism.spi.HttpTransport;
import dev.prism.spi.ImageGeneration;
import dev.prism.spi.MediaPublisher;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderException;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeStability;
import dev.prism.testkit.MultipartForm;
import dev.prism.testkit.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stability provider against a fake of Stability's Stable Image API over a real socket. */
class StabilityProviderTest {
    private static final String KEY = "sk-stability-test-0123456789";
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FakeStability stability;
    private static JdkHttpTransport http;
    private static final List<byte[]> published = new ArrayList<>();
    private static final List<String> publishedTypes = new ArrayList<>();

    @BeforeAll
    static void start() {
        stability = FakeStability.start(KEY);
        http = new JdkHttpTransport();
    }

    @AfterAll
    static void stop() {
        http.close();
        stability.close();
    }

    @BeforeEach
    void forget() {
        stability.reset();
        published.clear();
        publishedTypes.clear();
    }

    private static ImageGeneration provider(String key) {
        Provider provider = new StabilityProviderFactory().create(new MapProviderConfig("stability", "stab", Map.of(
                "base_url", stability.baseUrl(), "api_key", key)), context(http));
        return (ImageGeneration) provider;
    }

    private static ProviderContext context(HttpTransport transport) {
        return new ProviderContext() {
            @Override
            public String spiVersion() {
                return "2.1";
            }

            @Override
            public HttpTransport http() {
                return transport;
            }

            @Override
            public Clock clock() {
                return Clock.fixed(NOW, ZoneOffset.UTC);
            }

            @Override
            public MediaPublisher media() {
                return (bytes, contentType, ttl) -> {
                    synchronized (published) {
                        published.add(bytes);
                        publishedTypes.add(contentType);
                        return URI.create("http://prism.test/v1/prism/media/" + published.size());
                    }
                };
            }
        };
    }

    private static final List<Usage> reported = new ArrayList<>();

    private static CallContext call(String model) {
        reported.clear();
        return new CallContext("req-1", model, Duration.ofSeconds(10), Duration.ofSeconds(10), reported::add);
    }

    private static JsonNode body(Object answer) throws IOException {
        assertThat(answer).isInstanceOf(MediaResponse.class);
        try (MediaResponse response = (MediaResponse) answer; InputStream in = response.body()) {
            assertThat(response.contentType()).isEqualTo("application/json");
            return JSON.readTree(in.readAllBytes());
        }
    }

    @Test
    void coreIsCalledAsMultipartWithJsonAcceptAndTheImageComesBackAsB64Json() throws IOException {
        ImageRequest request = ImageRequest.builder("dall-e-3", "a fox in the snow").size("1792x1024")
                .responseFormat("b64_json").build();

        JsonNode answer = body(provider(KEY).generate(request, call("core")));

        RecordedRequest sent = stability.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(FakeStability.CORE);
        assertThat(sent.header("Authorization")).hasValue("Bearer " + KEY);
        assertThat(sent.header("Accept")).hasValue("application/json");
        assertThat(sent.header("Content-Type").orElseThrow()).startsWith("multipart/form-data; boundary=");
        MultipartForm form = sent.form();
        assertThat(form.fieldNames()).containsExactly("prompt", "aspect_ratio", "output_format");
        assertThat(form.field("prompt")).hasValue("a fox in the snow");
        assertThat(form.field("aspect_ratio")).hasValue("16:9");
        assertThat(form.field("output_format")).hasValue("png");
        assertThat(answer.get("created").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(answer.get("data")).hasSize(1);
        assertThat(Base64.getDecoder().decode(answer.get("data").get(0).get("b64_json").asText()))
                .isEqualTo(FakeStability.imageBytes("a fox in the snow", "16:9", "png"));
        assertThat(reported).containsExactly(Usage.of(UsageUnit.IMAGES, 1));
    }

    @Test
    void ultraAndSd3ModelsGoToTheirOwnPaths() throws IOException {
        ImageRequest request = ImageRequest.builder("dall-e-3", "a fox").responseFormat("b64_json").build();

        body(provider(KEY).generate(request, call("ultra")));
        assertThat(stability.lastRequest().path()).isEqualTo(FakeStability.ULTRA);
        assertThat(stability.lastRequest().form().field("model")).isEmpty();

        body(provider(KEY).generate(request, call("sd3.5-large-turbo")));
        assertThat(stability.lastRequest().path()).isEqualTo(FakeStability.SD3);
        assertThat(stability.lastRequest().form().field("model")).hasValue("sd3.5-large-turbo");
    }

    @ParameterizedTest
    @CsvSource({"1024x1024,1:1", "256x256,1:1", "auto,1:1", "1024x1792,9:16", "1536x1024,3:2", "1024x1536,2:3",
            "2100x900,21:9", "1000x800,5:4", "800x1000,4:5"})
    void openAiSizesBecomeTheNearestAspectRatio(String size, String ratio) {
        assertThat(AspectRatio.forSize(size)).hasToString(ratio);
    }

    @Test
    void nImagesAreNCallsAndUrlsComeFromThePublisher() throws IOException {
        ImageRequest request = ImageRequest.builder("dall-e-3", "a fox").n(3).outputFormat("webp").build();

        Object raw = provider(KEY).generate(request, call("core"));
        assertThat(((MediaResponse) raw).linksPublishedMedia()).isTrue();
        JsonNode answer = body(raw);

        assertThat(stability.requests()).hasSize(3);
        assertThat(answer.get("data")).hasSize(3);
        assertThat(answer.get("data").get(2).get("url").asText()).isEqualTo("http://prism.test/v1/prism/media/3");
        assertThat(published.getFirst()).isEqualTo(FakeStability.imageBytes("a fox", "1:1", "webp"));
        assertThat(publishedTypes).containsOnly("image/webp");
        assertThat(reported).containsExactly(Usage.of(UsageUnit.IMAGES, 3));
    }

    @Test
    void requestsStabilityCannotServeAreRefusedNamingTheField() {
        ImageGeneration provider = provider(KEY);
        assertThatThrownBy(() -> provider.generate(ImageRequest.builder("m", "p").n(11).build(), call("core")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("n"));
        assertThatThrownBy(() -> provider.generate(ImageRequest.builder("m", "p").outputFormat("webp").build(), call("ultra")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("output_format"));
        assertThatThrownBy(() -> provider.generate(ImageRequest.builder("m", "p").background("transparent").build(), call("core")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("background"));
        assertThatThrownBy(() -> provider.generate(ImageRequest.builder("m", "p").size("big").build(), call("core")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("size"));
        assertThat(stability.requests()).isEmpty();
    }

    @Test
    void moderatedAndFilteredPromptsAreOpenAisContentPolicyViolation() {
        for (String prompt : List.of("a " + FakeStability.MODERATED_WORD + " thing", "a " + FakeStability.FILTERED_WORD)) {
            assertThatThrownBy(() -> provider(KEY).generate(ImageRequest.builder("m", prompt).build(), call("core")))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_REJECTED);
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("content_policy_violation");
                    });
        }
        assertThat(published).isEmpty();
    }

    @Test
    void aRefusedKeyIsUpstreamAuthAndNeverQuotesTheKey() {
        String wrong = "sk-wrong-key-should-not-leak";
        assertThatThrownBy(() -> provider(wrong).generate(ImageRequest.builder("m", "p").build(), call("core")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_AUTH);
                    assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(KEY);
                });
    }

    @Test
    void statusesMapToPrismsCategories() {
        stability.next(FakeStability.CORE, FakeStability.error(429, "rate_limit_exceeded", "You have exceeded the rate limit"))
                .next(FakeStability.CORE, FakeStability.error(500, "internal_error", "An unexpected server error has occurred"))
                .next(FakeStability.CORE, FakeStability.error(402, "payment_required", "not enough credits"))
                .next(FakeStability.CORE, FakeStability.error(400, "bad_request", "seed: must be an integer"));
        ImageRequest request = ImageRequest.builder("m", "p").build();
        ImageGeneration provider = provider(KEY);

        assertThatThrownBy(() -> provider.generate(request, call("core"))).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(60));
        });
        assertThatThrownBy(() -> provider.generate(request, call("core"))).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_FAILED));
        assertThatThrownBy(() -> provider.generate(request, call("core"))).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED));
        assertThatThrownBy(() -> provider.generate(request, call("core"))).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_REJECTED);
            assertThat(e.param()).isEqualTo("seed");
        });
    }

    @Test
    void anAnswerWithoutAnImageIsAnUpstreamFailure() {
        stability.next(FakeStability.CORE, Answer.json(200, "{\"finish_reason\":\"SUCCESS\"}"));
        assertThatThrownBy(() -> provider(KEY).generate(ImageRequest.builder("m", "p").build(), call("core")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_FAILED));
    }

    @Test
    void configurationWithoutAKeyOrWithAVersionedBaseUrlIsRefused() {
        assertThatThrownBy(() -> new StabilityProviderFactory().create(new MapProviderConfig("stability", "stab", Map.of()), context(http)))
                .hasMessageContaining("api_key");
        assertThatThrownBy(() -> new StabilityProviderFactory().create(new MapProviderConfig("stability", "stab", Map.of(
                "api_key", KEY, "base_url", "https://api.stability.ai/v2beta")), context(http)))
                .hasMessageContaining("base_url");
    }
}
