package dev.prism.api;

/**
 * What a provider's capability method returns: either the answer already in OpenAI's wire format
 * ({@link MediaResponse}, passed to the client byte for byte), or a typed result that the host
 * renders in the format the client asked for ({@link Transcript}, {@link AudioStream}).
 *
 * <p>A provider whose upstream answers in another shape than OpenAI's returns a typed result, and
 * so never writes OpenAI's formats ({@code srt}, {@code verbose_json}, speech server-sent events,
 * ...) itself. Sealed: the host handles every kind, and a new kind is an SPI change.
 */
public sealed interface ProviderAnswer permits MediaResponse, Transcript, AudioStream {}
