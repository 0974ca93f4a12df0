package dev.prism.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.AudioFormat;
import dev.prism.api.MediaResponse;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INPUT = "The quick brown fox jumps over the lazy dog, twice over.";

    private final MockProvider provider =
            new MockProviderFactory().create(FakeProviderConfig.named("mock"), FakeProviderContext.create());

    @Test
    void sseSendsBase64AudioDeltasThenEndsWithDoneAndUsage() throws Exception {
        MediaResponse response = provider.synthesize(Requests.speechEvents(INPUT, AudioFormat.WAV),
                Requests.call("gpt-4o-mini-tts"));

        assertThat(response.contentType()).isEqualTo("text/event-stream");
        assertThat(response.contentLength()).isEqualTo(-1);
        List<JsonNode> events = events(Requests.text(response));
        assertThat(events).hasSizeGreaterThan(2);
        List<JsonNode> deltas = events.subList(0, events.size() - 1);
        assertThat(deltas).allSatisfy(event -> {
            assertThat(event.get("type").asText()).isEqualTo("speech.audio.delta");
            assertThat(event.get("audio").asText()).isNotEmpty();
        });
        JsonNode done = events.get(events.size() - 1);
        assertThat(done.get("type").asText()).isEqualTo("speech.audio.done");
        JsonNode usage = done.get("usage");
        assertThat(usage.get("input_tokens").asInt()).isEqualTo(14); // 56 characters, four per token
        assertThat(usage.get("output_tokens").asInt()).isPositive();
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("input_tokens").asInt() + usage.get("output_tokens").asInt());
    }

    @Test
    void sseDeltasJoinToTheSameAudioAsTheWholeAnswer() throws Exception {
        String sse = Requests.text(provider.synthesize(Requests.speechEvents(INPUT, AudioFormat.MP3),
                Requests.call("gpt-4o-mini-tts")));
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (JsonNode event : events(sse)) {
            if (event.has("audio")) {
                joined.writeBytes(Base64.getDecoder().decode(event.get("audio").asText()));
            }
        }

        byte[] whole = Requests.bytes(provider.synthesize(Requests.speech(INPUT, AudioFormat.MP3),
                Requests.call("tts-1")));
        assertThat(joined.toByteArray()).isEqualTo(whole);
    }

    /** Parses an event stream in which every event is one {@code data:} line and a blank line. */
    static List<JsonNode> events(String body) throws Exception {
        assertThat(body).endsWith("\n\n");
        List<String> blocks = Arrays.asList(body.substring(0, body.length() - 2).split("\n\n", -1));
        assertThat(blocks).allSatisfy(block -> assertThat(block).startsWith("data: ").doesNotContain("\n"));
        List<JsonNode> events = new java.util.ArrayList<>();
        for (String block : blocks) {
            events.add(JSON.readTree(block.substring("data: ".length())));
        }
        return events;
    }
}
