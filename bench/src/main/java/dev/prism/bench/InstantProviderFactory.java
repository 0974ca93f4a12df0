package dev.prism.bench;

import dev.prism.api.MediaResponse;
import dev.prism.api.SpeechRequest;
import dev.prism.spi.CallContext;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderConfig;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderFactory;
import dev.prism.spi.SpeechSynthesis;
import java.util.Set;

/**
 * Type {@code instant}: answers every speech request at once with 16 KiB, and remembers nothing
 * (a recording fake would measure its own bookkeeping).
 */
public final class InstantProviderFactory implements ProviderFactory {
    private static final byte[] AUDIO = new byte[16 * 1024];

    @Override
    public String type() {
        return "instant";
    }

    @Override
    public Set<String> secretKeys() {
        return Set.of();
    }

    @Override
    public Provider create(ProviderConfig config, ProviderContext context) {
        return new InstantProvider(config.name());
    }

    private record InstantProvider(String name) implements Provider, SpeechSynthesis {
        @Override
        public MediaResponse synthesize(SpeechRequest request, CallContext call) {
            return MediaResponse.of(request.contentType(), AUDIO);
        }
    }
}
