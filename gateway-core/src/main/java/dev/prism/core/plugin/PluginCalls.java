package dev.prism.core.plugin;

import java.util.function.Supplier;

/**
 * Calls into plugin code with the plugin's class loader as the thread's context class loader, so
 * libraries inside a plugin jar that look classes up through it (ServiceLoader, JAXB, logging) find
 * the plugin's own classes.
 */
public final class PluginCalls {
    private PluginCalls() {}

    /** Runs {@code call} with the class loader of {@code pluginObject} as context class loader. */
    public static <T> T withLoaderOf(Object pluginObject, Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(pluginObject.getClass().getClassLoader());
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** As {@link #withLoaderOf(Object, Supplier)} for a call that returns nothing. */
    public static void runWithLoaderOf(Object pluginObject, Runnable call) {
        withLoaderOf(pluginObject, () -> {
            call.run();
            return null;
        });
    }
}
