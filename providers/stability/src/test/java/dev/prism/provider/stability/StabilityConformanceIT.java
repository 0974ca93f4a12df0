package dev.prism.provider.stability;

import dev.prism.api.MediaRequest;
import dev.prism.api.Operation;
import dev.prism.api.UsageUnit;
import dev.prism.conformance.ProviderConformance;
import dev.prism.conformance.UpstreamFake;
import dev.prism.spi.ProviderFactory;
import dev.prism.testkit.FakeStability;
import java.util.Set;

/**
 * The {@code stability} provider passes the conformance kit against {@link FakeStability}. It
 * generates images only (speech, transcription and translation checks are skipped), as
 * {@code b64_json} or as a {@code url} to the bytes the host publishes; the calls ask for SD3.5
 * Large, so they go to {@code /sd3} with its {@code model} field.
 */
class StabilityConformanceIT extends ProviderConformance {
    private static final String MODEL = "sd3.5-large";

    @Override
    protected ProviderFactory factory() {
        return new StabilityProviderFactory();
    }

    @Override
    protected UpstreamFake startUpstream() {
        return StabilityUpstreamFake.start(API_KEY, FakeStability.SD3);
    }

    @Override
    protected String providerConfig(UpstreamFake upstream) {
        return "base_url: " + upstream.baseUrl() + "\napi_key: " + API_KEY + "\n";
    }

    @Override
    protected String upstreamModel(Operation operation) {
        return MODEL;
    }

    @Override
    protected Set<String> imageFormats() {
        return Set.of("b64_json", "url");
    }

    /** One Stability call per image; usage is the images returned. */
    @Override
    protected Set<UsageUnit> reportedUsage(MediaRequest request) {
        return Set.of(UsageUnit.IMAGES);
    }
}
