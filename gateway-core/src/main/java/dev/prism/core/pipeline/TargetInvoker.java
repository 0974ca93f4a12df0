package dev.prism.core.pipeline;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.MediaRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.ProviderAnswer;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.core.plugin.ConfiguredProviders;
import dev.prism.core.plugin.PluginCalls;
import dev.prism.core.routing.ProviderTarget;
import dev.prism.spi.CallContext;
import dev.prism.spi.ImageEditing;
import dev.prism.spi.ImageGeneration;
import dev.prism.spi.ImageVariations;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderException;
import dev.prism.spi.SpeechSynthesis;
import dev.prism.spi.Transcription;
import dev.prism.spi.Translation;
import java.io.IOException;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Makes one attempt on one target: finds the provider, checks it can do the operation, calls it
 * with the plugin's class loader as the context class loader, and waits for the first byte of the
 * answer. Until that byte has arrived the attempt may still fail over; after it, the answer belongs
 * to the client.
 */
public final class TargetInvoker {
    private final ConfiguredProviders providers;
    private final TypedAnswers answers;

    /** @param renderer renders the typed answers of providers in the client's wire format */
    public TargetInvoker(ConfiguredProviders providers, AnswerRenderer renderer) {
        this.providers = providers;
        this.answers = new TypedAnswers(renderer);
    }

    /** Whether the target's provider can serve this kind of request at all. */
    public boolean supports(ProviderTarget target, MediaRequest request) {
        return providers.byName(target.provider()).map(p -> capable(p, request)).orElse(false);
    }

    private static boolean capable(Provider provider, MediaRequest request) {
        return switch (request) {
            case SpeechRequest r -> provider instanceof SpeechSynthesis;
            case TranscriptionRequest r -> provider instanceof Transcription;
            case TranslationRequest r -> provider instanceof Translation;
            case ImageRequest r -> provider instanceof ImageGeneration;
            case ImageEditRequest r -> provider instanceof ImageEditing;
            case ImageVariationRequest r -> provider instanceof ImageVariations;
        };
    }

    /**
     * @param timeout how long the answer may take to start (headers and first byte)
     * @param idleTimeout how long the answer may pause once started
     * @throws CallCancelled when this thread is interrupted: before the attempt, or while it waits
     *     (an interrupt wakes a thread blocked on a socket by closing that socket, failing the attempt)
     */
    public MediaResponse invoke(MediaCall call, ProviderTarget target, Duration timeout, Duration idleTimeout) {
        Provider provider = providers.byName(target.provider()).orElseThrow(() -> new GatewayException(
                ErrorKind.INTERNAL, "No provider named '" + target.provider() + "'"));
        if (Thread.currentThread().isInterrupted()) {
            throw new CallCancelled("Cancelled before calling " + target.id(), null);
        }
        CallContext context = new CallContext(call.requestId(), target.model(), timeout, idleTimeout,
                call.record()::reportUsage);
        try {
            return PluginCalls.withLoaderOf(provider, () -> awaitFirstByte(wire(provider, call, context), provider.name()));
        } catch (RuntimeException e) {
            // The attempt failed because it was interrupted, not because the target did.
            if (Thread.currentThread().isInterrupted()) {
                throw new CallCancelled("Cancelled while waiting for " + target.id(), e);
            }
            throw e;
        }
    }

    /**
     * The provider's answer in the client's wire format. Rendering a typed answer happens here,
     * before the first byte is awaited, so failover still covers it and the cache stores the
     * rendered bytes.
     */
    private MediaResponse wire(Provider provider, MediaCall call, CallContext context) {
        ProviderAnswer answer = call(provider, call, context);
        try {
            return answers.toWire(answer, call.request(), context.usage(), provider.name());
        } catch (GatewayException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ProviderException.failed("Provider '" + provider.name() + "' gave an answer Prism could not render: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static ProviderAnswer call(Provider provider, MediaCall call, CallContext context) {
        try {
            ProviderAnswer answer = switch (call.request()) {
                case SpeechRequest r when provider instanceof SpeechSynthesis s -> s.synthesize(r, context);
                case TranscriptionRequest r when provider instanceof Transcription t -> t.transcribe(r, context);
                case TranslationRequest r when provider instanceof Translation t -> t.translate(r, context);
                case ImageRequest r when provider instanceof ImageGeneration g -> g.generate(r, context);
                case ImageEditRequest r when provider instanceof ImageEditing e -> e.edit(r, context);
                case ImageVariationRequest r when provider instanceof ImageVariations v -> v.vary(r, context);
                default -> throw GatewayException.invalid("model", "The model `" + call.request().model()
                        + "` does not support " + call.request().operation().configName() + ".");
            };
            if (answer == null) {
                throw ProviderException.failed("Provider '" + provider.name() + "' gave no answer", null);
            }
            return answer;
        } catch (GatewayException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ProviderException.failed("Provider '" + provider.name() + "' failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static MediaResponse awaitFirstByte(MediaResponse response, String provider) {
        try {
            int first = response.body().read();
            return response.withBody(new PeekedInputStream(response.body(), first));
        } catch (SocketTimeoutException e) {
            response.close();
            throw ProviderException.timedOut("Provider '" + provider + "' sent no data in time", e);
        } catch (IOException e) {
            response.close();
            throw ProviderException.failed("Provider '" + provider + "' broke off before sending data", e);
        }
    }

    /**
     * A body whose first byte was read ahead. That byte comes back alone from the first read: a
     * {@code PushbackInputStream} would go on to block for more, holding back a first chunk of one
     * byte until the upstream sends the next.
     */
    private static final class PeekedInputStream extends FilterInputStream {
        private int first;

        /** @param first the byte read ahead, or -1 when the body was empty */
        PeekedInputStream(InputStream in, int first) {
            super(in);
            this.first = first;
        }

        @Override
        public int read() throws IOException {
            if (first >= 0) {
                int b = first;
                first = -1;
                return b;
            }
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (first >= 0) {
                b[off] = (byte) first;
                first = -1;
                return 1;
            }
            return in.read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            if (n > 0 && first >= 0) {
                first = -1;
                return 1;
            }
            return in.skip(n);
        }

        @Override
        public int available() throws IOException {
            return (first >= 0 ? 1 : 0) + in.available();
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
