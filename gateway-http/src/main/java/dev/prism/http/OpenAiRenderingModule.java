package dev.prism.http;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import dev.prism.core.pipeline.AnswerRenderer;
import dev.prism.http.openai.OpenAiAnswerRenderer;

/** Renders providers' typed answers in OpenAI's wire formats, in place of core's refusing default. */
final class OpenAiRenderingModule extends AbstractModule {
    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), AnswerRenderer.class).setBinding().to(OpenAiAnswerRenderer.class);
    }
}
