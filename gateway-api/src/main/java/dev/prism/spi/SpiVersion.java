package dev.prism.spi;

/**
 * The version of this SPI, {@code major.minor}. A minor version only adds (default methods, new
 * types); a major version changes what existing plugins compiled against, so the host refuses at
 * start-up a plugin jar built against another major, or one that does not say what it was built
 * against, rather than fail on its first request.
 *
 * <p>A plugin jar declares the version it was built against in its manifest:
 * {@code Prism-SPI-Version: 2.2} (with Maven, a {@code manifestEntries} entry of the
 * maven-jar-plugin, set to {@link #CURRENT} of the gateway-api it compiles against).
 *
 * <p>History: 1.0, capabilities returned {@code MediaResponse} in OpenAI's wire format; 2.0, they
 * return a {@link dev.prism.api.ProviderAnswer}: the wire format, or a typed transcript or audio
 * stream that the host renders; 2.1, {@link ProviderFactory#priceList} names the prices of a
 * provider's models; 2.2, image edits and variations ({@link ImageEditing}, {@link ImageVariations},
 * {@link MultipartBody} with several files).
 */
public final class SpiVersion {
    /** The version of the SPI in this jar. */
    public static final String CURRENT = "2.2";

    /** The manifest attribute in which a plugin jar names the SPI version it was built against. */
    public static final String MANIFEST_ATTRIBUTE = "Prism-SPI-Version";

    private SpiVersion() {}

    /**
     * Whether a plugin built against {@code declared} works with this SPI: same major, any minor
     * up to this one's (a plugin built against a newer minor may call what this host lacks).
     */
    public static boolean compatible(String declared) {
        int[] plugin = parse(declared);
        int[] host = parse(CURRENT);
        return plugin != null && plugin[0] == host[0] && plugin[1] <= host[1];
    }

    private static int[] parse(String version) {
        if (version == null || !version.trim().matches("\\d{1,9}\\.\\d{1,9}")) {
            return null;
        }
        String[] parts = version.trim().split("\\.");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }
}
