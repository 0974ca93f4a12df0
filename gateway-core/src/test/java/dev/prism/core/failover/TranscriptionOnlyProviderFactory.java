package dev.prism.core.failover;

import dev.prism.api.MediaResponse;
import dev.prism.api.TranscriptionRequest;
import dev.prism.spi.CallContext;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderConfig;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderFactory;
import dev.prism.spi.Transcription;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Type {@code transcription-only}, for tests: a provider that can transcribe and nothing else, so a
 * test can route a request to a provider that lacks its capability.
 */
public final class TranscriptionOnlyProviderFactory implements ProviderFactory {
    @Override
    public String type() {
        return "transcription-only";
    }

    @Override
    public Set<String> secretKeys() {
        return Set.of();
    }

    @Override
    public Provider create(ProviderConfig config, ProviderContext context) {
        return new TranscriptionOnly(config.name());
    }

    private record TranscriptionOnly(String name) implements Provider, Transcription {
        @Override
        public MediaResponse transcribe(TranscriptionRequest request, CallContext call) {
            return MediaResponse.of("application/json", "{\"text\":\"heard\"}".getBytes(StandardCharsets.UTF_8));
        }
    }
}
