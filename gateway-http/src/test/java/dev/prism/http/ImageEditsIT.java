package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.MultipartForm;
import dev.prism.testkit.MutableClock;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/images/edits} and {@code /v1/images/variations} over real sockets against a fake
 * OpenAI: the exact form that arrives upstream, the limits checked before it is called, the cache,
 * cost and rate limits, streamed edits; and nothing left in the spool directory after any request.
 */
class ImageEditsIT {
    private static final String KEY = "sk-edits-test";
    private static final String LIMITED_KEY = "sk-edits-limited";
    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path spoolDir;

    private static FakeOpenAiUpstream upstream;
    private static RunningPrism prism;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiUpstream.start();
        // A clock that stands still: no rate-limit token comes back while the tests run.
        prism = RunningPrism.start("""
                server: { host: 127.0.0.1, port: 0, max_upload_mb: 1, max_image_edit_mb: 6, spool_dir: "%1$s" }
                routing: { deadline: 30s }
                providers:
                  up: { type: openai, base_url: "%2$s", api_key: sk-up, timeout: 10s, retry: { max_attempts: 1 },
                        circuit_breaker: { failure_threshold: 1000 } }
                  spare: { type: openai, base_url: "%2$s", api_key: sk-up, timeout: 10s, retry: { max_attempts: 1 },
                           circuit_breaker: { failure_threshold: 1000 } }
                models:
                  resilient: { targets: [ { provider: up, model: gpt-image-1 }, { provider: spare, model: gpt-image-1 } ] }
                  gpt-image-1: { targets: [ { provider: up } ] }
                  dall-e-2: { targets: [ { provider: up } ] }
                  painter: { targets: [ { provider: up, model: gpt-image-1 } ] }
                pricing:
                  up:
                    gpt-image-1: { per_1m_tokens: { input_text: 5, input_image: 10, output_image: 40 } }
                    dall-e-2: { per_image: { 256x256: 0.016, 512x512: 0.018, 1024x1024: 0.020 },
                                image_defaults: { size: 1024x1024 } }
                keys:
                  - { name: editor, key: %3$s }
                  - { name: limited, key: %4$s, rate_limit: { images_per_minute: 3 } }
                cache: { provider: ehcache, disk_mb: 0, endpoints: [ image_edits, image_variations ] }
                """.formatted(spoolDir, upstream.baseUrl(), KEY, LIMITED_KEY),
                MutableClock.startingAt("2026-11-29T10:00:00Z"));
    }

    @AfterAll
    static void stop() {
        prism.close();
        upstream.close();
    }

    @BeforeEach
    void forgetUpstreamRequests() {
        upstream.reset();
    }

    @AfterEach
    void nothingIsLeftInTheSpoolDirectory() {
        Bounded.await("the spool directory is empty", () -> Bounded.isEmptyDirectory(spoolDir), Bounded.WAIT);
    }

    /** Bytes that start like a PNG and differ by {@code seed}; large enough to be spooled to disk when asked. */
    static byte[] png(int seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, bytes, 0, 8);
        return bytes;
    }

    private static HttpResponse<byte[]> edit(String key, Form form) {
        return prism.postForm("/v1/images/edits", key, form);
    }

    @Test
    void severalImagesAMaskAndEveryFieldArriveUpstreamAsSent() {
        byte[] first = png(1, 2 * MIB);
        byte[] second = png(2, 1000);
        byte[] third = png(3, 1000);
        byte[] mask = png(4, 500);
        Form form = Form.create()
                .field("prompt", "A gift basket of these three products")
                .filePart("image[]", "body-lotion.png", "image/png", first)
                .field("model", "painter")
                .filePart("image[]", "bath-bomb.png", "image/png", second)
                .field("n", "2")
                .filePart("image[]", "soap.webp", "image/webp", third)
                .filePart("mask", "mask.png", "image/png", mask)
                .field("size", "1024x1536").field("quality", "high").field("background", "transparent")
                .field("input_fidelity", "high").field("output_format", "webp").field("output_compression", "80")
                .field("user", "user-7").field("brand_new_option", "kept");

        HttpResponse<byte[]> response = edit(KEY, form);

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(upstream.lastRequest().path()).isEqualTo("/images/edits");
        MultipartForm sent = upstream.lastRequest().form();
        // Text fields in the order the client sent them, the alias replaced by the upstream model where it stood.
        assertThat(sent.fieldNames()).containsExactly("prompt", "model", "n", "size", "quality", "background",
                "input_fidelity", "output_format", "output_compression", "user", "brand_new_option");
        assertThat(sent.field("model")).hasValue("gpt-image-1");
        assertThat(sent.field("prompt")).hasValue("A gift basket of these three products");
        assertThat(sent.field("n")).hasValue("2");
        assertThat(sent.field("output_compression")).hasValue("80");
        assertThat(sent.field("brand_new_option")).hasValue("kept");
        List<MultipartForm.Part> images = sent.parts("image[]");
        assertThat(images).extracting(MultipartForm.Part::filename)
                .containsExactly("body-lotion.png", "bath-bomb.png", "soap.webp");
        assertThat(images).extracting(MultipartForm.Part::contentType)
                .containsExactly("image/png", "image/png", "image/webp");
        assertThat(images.get(0).bytes()).isEqualTo(first);
        assertThat(images.get(1).bytes()).isEqualTo(second);
        assertThat(images.get(2).bytes()).isEqualTo(third);
        assertThat(sent.parts("image")).isEmpty();
        assertThat(sent.parts("mask")).singleElement().satisfies(part -> {
            assertThat(part.filename()).isEqualTo("mask.png");
            assertThat(part.bytes()).isEqualTo(mask);
        });
        assertThat(OpenAiErrors.json(response.body()).get("data").get(0).get("b64_json").asText())
                .isEqualTo(FakeOpenAiUpstream.PNG_BASE64);
    }

    @Test
    void anEditThatFailsOverSendsTheSameFilesToTheNextTarget() {
        upstream.next("/images/edits", Answer.error(503, "The server is overloaded"));
        byte[] first = png(30, 2 * MIB);
        byte[] mask = png(31, 300);

        HttpResponse<byte[]> response = edit(KEY, Form.create().field("model", "resilient").field("prompt", "Again")
                .filePart("image[]", "a.png", "image/png", first).filePart("mask", "m.png", "image/png", mask));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-attempts")).contains("2");
        assertThat(response.headers().firstValue("x-prism-provider")).contains("spare");
        assertThat(upstream.requests("/images/edits")).hasSize(2).allSatisfy(request -> {
            MultipartForm sent = request.form();
            assertThat(sent.parts("image[]")).singleElement().satisfies(part -> assertThat(part.bytes()).isEqualTo(first));
            assertThat(sent.parts("mask")).singleElement().satisfies(part -> assertThat(part.bytes()).isEqualTo(mask));
        });
    }

    @Test
    void aSingleImageGoesUpstreamUnderTheNameTheClientUsedAndOneWithoutAFileNameIsNamedFromItsBytes() {
        byte[] image = png(5, 700);
        HttpResponse<byte[]> response = edit(KEY, Form.create().field("model", "dall-e-2")
                .field("prompt", "Add a hat").filePart("image", null, null, image).field("size", "256x256"));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        MultipartForm sent = upstream.lastRequest().form();
        assertThat(sent.parts("image[]")).isEmpty();
        assertThat(sent.parts("image")).singleElement().satisfies(part -> {
            assertThat(part.filename()).isEqualTo("image.png");
            assertThat(part.contentType()).isEqualTo("image/png");
            assertThat(part.bytes()).isEqualTo(image);
        });
        assertThat(sent.parts("mask")).isEmpty();
        // dall-e-2 is priced by the image, by the size asked for.
        assertThat(response.headers().firstValue("x-prism-cost")).contains("0.016");
    }

    @Test
    void theCostOfAGptImageEditCountsItsInputImagesAsImageTokens() {
        HttpResponse<byte[]> response = edit(KEY, Form.create().field("model", "gpt-image-1").field("prompt", "Combine")
                .filePart("image[]", "a.png", "image/png", png(6, 100))
                .filePart("image[]", "b.png", "image/png", png(7, 100)));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        // The fake reports 10 text and 100 image tokens in (50 an image), 100 image tokens out:
        // 10 x $5 + 100 x $10 + 100 x $40 per million.
        assertThat(response.headers().firstValue("x-prism-cost")).contains("0.00505");
        assertThat(response.headers().firstValue("x-prism-usage").orElseThrow()).contains("input_image_tokens=100");
    }

    @Test
    void aVariationArrivesUpstreamAsSentAndIsPricedPerImageBySize() {
        byte[] image = png(8, 3000);
        HttpResponse<byte[]> response = prism.postForm("/v1/images/variations", KEY, Form.create()
                .filePart("image", "otter.png", "image/png", image).field("model", "dall-e-2").field("n", "2")
                .field("size", "512x512").field("response_format", "url").field("user", "user-8"));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(upstream.lastRequest().path()).isEqualTo("/images/variations");
        MultipartForm sent = upstream.lastRequest().form();
        assertThat(sent.fieldNames()).containsExactly("model", "n", "size", "response_format", "user");
        assertThat(sent.parts("image")).singleElement().satisfies(part -> {
            assertThat(part.filename()).isEqualTo("otter.png");
            assertThat(part.bytes()).isEqualTo(image);
        });
        assertThat(OpenAiErrors.json(response.body()).get("data")).hasSize(2);
        assertThat(response.headers().firstValue("x-prism-cost")).contains("0.036");
    }

    @Test
    void aVariationWithoutAModelGoesToDallE2() {
        HttpResponse<byte[]> response = prism.postForm("/v1/images/variations", KEY,
                Form.create().filePart("image", "otter.png", "image/png", png(9, 100)));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(upstream.lastRequest().form().field("model")).hasValue("dall-e-2");
    }

    @Test
    void aStreamedEditsEventsPassThroughOneByOne() {
        HttpResponse<byte[]> response = edit(KEY, Form.create().field("model", "gpt-image-1").field("prompt", "A hat")
                .filePart("image[]", "a.png", "image/png", png(10, 100)).field("stream", "true")
                .field("partial_images", "2"));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(ServerSentEvents.names(response.body()))
                .containsExactly("image_edit.partial_image", "image_edit.partial_image", "image_edit.completed");
        assertThat(ServerSentEvents.data(response.body()).getLast().get("usage").get("input_tokens_details")
                .get("image_tokens").asInt()).isEqualTo(50);
        MultipartForm sent = upstream.lastRequest().form();
        assertThat(sent.field("stream")).hasValue("true");
        assertThat(sent.field("partial_images")).hasValue("2");
    }

    @Test
    void anIdenticalEditIsAnsweredFromTheCacheAndAnotherImageOrMaskIsNot() {
        byte[] first = png(11, 1500 * 1024);
        byte[] second = png(12, 300);
        byte[] mask = png(13, 200);

        HttpResponse<byte[]> miss = edit(KEY, cachedEdit(first, second, mask, "identical"));
        HttpResponse<byte[]> hit = edit(KEY, cachedEdit(first, second, mask, "identical"));
        // File names are not the files: the same bytes under other names are the same edit.
        HttpResponse<byte[]> renamed = edit(KEY, cachedEdit(first, second, mask, "renamed"));

        assertThat(miss.headers().firstValue("x-prism-cache")).contains("MISS");
        assertThat(hit.headers().firstValue("x-prism-cache")).contains("HIT");
        assertThat(renamed.headers().firstValue("x-prism-cache")).contains("HIT");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(upstream.requests("/images/edits")).hasSize(1);

        byte[] changed = second.clone();
        changed[changed.length - 1] ^= 1;
        byte[] otherMask = mask.clone();
        otherMask[100] ^= 1;
        assertThat(edit(KEY, cachedEdit(first, changed, mask, "identical")).headers().firstValue("x-prism-cache"))
                .as("one image differs").contains("MISS");
        assertThat(edit(KEY, cachedEdit(first, second, otherMask, "identical")).headers().firstValue("x-prism-cache"))
                .as("the mask differs").contains("MISS");
        assertThat(edit(KEY, cachedEdit(first, second, null, "identical")).headers().firstValue("x-prism-cache"))
                .as("no mask").contains("MISS");
        assertThat(edit(KEY, cachedEdit(second, first, mask, "identical")).headers().firstValue("x-prism-cache"))
                .as("the images in another order").contains("MISS");
        assertThat(upstream.requests("/images/edits")).hasSize(5);
    }

    private static Form cachedEdit(byte[] first, byte[] second, byte[] mask, String names) {
        Form form = Form.create().field("model", "gpt-image-1").field("prompt", "Cached edit")
                .filePart("image[]", names + "-1.png", "image/png", first)
                .filePart("image[]", names + "-2.png", "image/png", second);
        return mask == null ? form : form.filePart("mask", names + "-mask.png", "image/png", mask);
    }

    @Test
    void editsSpendTheKeysImageLimitByN() {
        // Two images each: the second edit (another image, so no cache hit) would make 4 of the 3 a minute.
        HttpResponse<byte[]> first = edit(LIMITED_KEY, Form.create().field("model", "dall-e-2")
                .field("prompt", "Two hats").field("n", "2").filePart("image", "a.png", "image/png", png(14, 100)));
        HttpResponse<byte[]> second = edit(LIMITED_KEY, Form.create().field("model", "dall-e-2")
                .field("prompt", "Two hats").field("n", "2").filePart("image", "b.png", "image/png", png(26, 100)));

        assertThat(first.statusCode()).as(OpenAiErrors.body(first)).isEqualTo(200);
        JsonNode error = OpenAiErrors.assertError(second, 429);
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText()).contains("images");
        assertThat(upstream.requests("/images/edits")).hasSize(1);
    }

    @Test
    void seventeenImagesAreRefusedNamingImageBeforeTheUpstreamIsCalled() {
        Form form = Form.create().field("model", "gpt-image-1").field("prompt", "Too many");
        for (int i = 0; i < 17; i++) {
            form.filePart("image[]", i + ".png", "image/png", png(100 + i, 100));
        }

        JsonNode error = OpenAiErrors.assertError(edit(KEY, form), 400);

        assertThat(error.get("param").asText()).isEqualTo("image");
        assertThat(error.get("message").asText()).contains("16");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void sixteenImagesAreForwarded() {
        Form form = Form.create().field("model", "gpt-image-1").field("prompt", "Sixteen");
        for (int i = 0; i < 16; i++) {
            form.filePart("image[]", i + ".png", "image/png", png(200 + i, 100));
        }

        HttpResponse<byte[]> response = edit(KEY, form);

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(upstream.lastRequest().form().parts("image[]")).hasSize(16);
    }

    @Test
    void aMaskOverFourMegabytesIsRefusedWith413NamingMask() {
        JsonNode error = OpenAiErrors.assertError(edit(KEY, Form.create().field("model", "gpt-image-1")
                .field("prompt", "Big mask").filePart("image[]", "a.png", "image/png", png(15, 100))
                .filePart("mask", "mask.png", "image/png", png(16, 4 * MIB + 1))), 413);

        assertThat(error.get("param").asText()).isEqualTo("mask");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void filesOverTheEditsOwnBoundTogetherAreRefusedWith413AlsoWhenChunked() {
        Form form = Form.create().field("model", "gpt-image-1").field("prompt", "Too much");
        for (int i = 0; i < 4; i++) {
            form.filePart("image[]", i + ".png", "image/png", png(300 + i, 2 * MIB));
        }
        HttpRequest request = prism.request("/v1/images/edits", KEY).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(form.bytes()))).build();

        JsonNode error = OpenAiErrors.assertError(prism.send(request), 413);

        assertThat(error.get("code").asText()).isEqualTo("request_too_large");
        assertThat(error.get("message").asText()).contains("max_image_edit_mb");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void theEditsBoundIsNotMaxUploadMb() {
        // An image of 5 MiB: over max_upload_mb (1 here), within the edit's own bound (6).
        Form form = Form.create().field("model", "gpt-image-1").field("prompt", "Within the bound")
                .filePart("image[]", "a.png", "image/png", png(17, 5 * MIB));

        HttpResponse<byte[]> response = edit(KEY, form);

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(upstream.lastRequest().form().parts("image[]").getFirst().size()).isEqualTo(5 * MIB);
    }

    @Test
    void aVariationsImageOverMaxUploadMbIsRefusedWith413NamingImage() {
        JsonNode error = OpenAiErrors.assertError(prism.postForm("/v1/images/variations", KEY, Form.create()
                .filePart("image", "big.png", "image/png", png(27, 2 * MIB))), 413);

        assertThat(error.get("param").asText()).isEqualTo("image");
        assertThat(error.get("code").asText()).isEqualTo("file_too_large");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void anEditWithoutAPromptOrWithoutAnImageIsRefusedNamingIt() {
        JsonNode noPrompt = OpenAiErrors.assertError(edit(KEY, Form.create().field("model", "gpt-image-1")
                .filePart("image[]", "a.png", "image/png", png(18, 100))), 400);
        JsonNode noImage = OpenAiErrors.assertError(edit(KEY, Form.create().field("model", "gpt-image-1")
                .field("prompt", "Nothing to edit")), 400);
        JsonNode noVariationImage = OpenAiErrors.assertError(prism.postForm("/v1/images/variations", KEY,
                Form.create().field("model", "dall-e-2")), 400);

        assertThat(noPrompt.get("param").asText()).isEqualTo("prompt");
        assertThat(noImage.get("param").asText()).isEqualTo("image");
        assertThat(noVariationImage.get("param").asText()).isEqualTo("image");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void mixingImageAndImageArrayOrSendingTwoMasksIsRefused() {
        JsonNode mixed = OpenAiErrors.assertError(edit(KEY, Form.create().field("prompt", "Mixed")
                .filePart("image", "a.png", "image/png", png(19, 100))
                .filePart("image[]", "b.png", "image/png", png(20, 100))), 400);
        JsonNode twoMasks = OpenAiErrors.assertError(edit(KEY, Form.create().field("prompt", "Masks")
                .filePart("image", "a.png", "image/png", png(21, 100))
                .filePart("mask", "m1.png", "image/png", png(22, 100))
                .filePart("mask", "m2.png", "image/png", png(23, 100))), 400);

        assertThat(mixed.get("param").asText()).isEqualTo("image");
        assertThat(twoMasks.get("param").asText()).isEqualTo("mask");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void optionsOutOfRangeAreRefusedNamingThem() {
        Form base = Form.create().field("model", "gpt-image-1").field("prompt", "Options")
                .filePart("image[]", "a.png", "image/png", png(24, 100));

        assertThat(OpenAiErrors.assertError(edit(KEY, base.field("partial_images", "4")), 400).get("param").asText())
                .isEqualTo("partial_images");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void aModelFamilysOwnLimitIsTheUpstreamsToRefuse() {
        // Variations are dall-e-2's: the fake refuses another model as OpenAI does, and Prism leaves that to it.
        HttpResponse<byte[]> response = prism.postForm("/v1/images/variations", KEY, Form.create()
                .filePart("image", "a.png", "image/png", png(25, 100)).field("model", "painter"));

        JsonNode error = OpenAiErrors.assertError(response, 400);
        assertThat(error.get("param").asText()).isEqualTo("model");
        assertThat(upstream.requests("/images/variations")).hasSize(1);
        assertThat(upstream.lastRequest().form().field("model")).hasValue("gpt-image-1");
    }
}
