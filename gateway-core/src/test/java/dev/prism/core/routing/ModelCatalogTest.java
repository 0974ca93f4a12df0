package dev.prism.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.keys.VirtualKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
    private static final VirtualKey EVERYTHING = new VirtualKey("everything", Optional.empty());
    private static final VirtualKey AUDIO_ONLY = new VirtualKey("audio", Optional.of(Set.of("whisper-1", "tts-1")));

    private final ModelCatalog catalog = new ModelCatalog(routes("tts-1", "dall-e-3", "whisper-1"));

    private static Map<String, ModelRoute> routes(String... aliases) {
        Map<String, ModelRoute> routes = new LinkedHashMap<>();
        for (String alias : aliases) {
            routes.put(alias, new ModelRoute(alias, Strategy.FALLBACK, List.of(new ProviderTarget("p", alias, 1)),
                    Optional.empty(), Optional.empty(), Optional.empty()));
        }
        return routes;
    }

    @Test
    void routeForAnAllowedAliasIsItsRoute() {
        assertThat(catalog.routeFor("tts-1", AUDIO_ONLY).alias()).isEqualTo("tts-1");
        assertThat(catalog.routeFor("dall-e-3", EVERYTHING).alias()).isEqualTo("dall-e-3");
    }

    @Test
    void unknownAliasIsNotFoundModelNotFound() {
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> catalog.routeFor("tts-2", EVERYTHING));

        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.code()).isEqualTo("model_not_found");
        assertThat(e.param()).isEqualTo("model");
        assertThat(e.getMessage()).contains("tts-2");
    }

    @Test
    void aliasTheKeyMayNotUseIsPermissionModelNotAllowedWhenServing() {
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> catalog.routeFor("dall-e-3", AUDIO_ONLY));

        assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION);
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(e.code()).isEqualTo("model_not_allowed");
        assertThat(e.param()).isEqualTo("model");
    }

    @Test
    void aliasTheKeyMayNotUseDoesNotExistForItWhenListing() {
        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> catalog.visibleRoute("dall-e-3", AUDIO_ONLY));

        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(e.code()).isEqualTo("model_not_found");
    }

    @Test
    void visibleRouteOfAnAllowedAliasIsItsRoute() {
        assertThat(catalog.visibleRoute("whisper-1", AUDIO_ONLY).alias()).isEqualTo("whisper-1");
    }

    @Test
    void visibleRouteOfAnUnknownAliasIsNotFound() {
        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> catalog.visibleRoute("nope", EVERYTHING));

        assertThat(e.code()).isEqualTo("model_not_found");
    }

    @Test
    void visibleToListsOnlyAllowedAliasesInConfigurationOrder() {
        assertThat(catalog.visibleTo(AUDIO_ONLY)).extracting(ModelRoute::alias).containsExactly("tts-1", "whisper-1");
        assertThat(catalog.visibleTo(EVERYTHING)).extracting(ModelRoute::alias)
                .containsExactly("tts-1", "dall-e-3", "whisper-1");
        assertThat(catalog.visibleTo(new VirtualKey("none", Optional.of(Set.of())))).isEmpty();
    }

    @Test
    void catalogIsNotChangedByLaterChangesToTheMapItWasBuiltFrom() {
        Map<String, ModelRoute> routes = routes("tts-1");
        ModelCatalog copy = new ModelCatalog(routes);
        routes.clear();

        assertThat(copy.visibleTo(EVERYTHING)).extracting(ModelRoute::alias).containsExactly("tts-1");
    }
}
