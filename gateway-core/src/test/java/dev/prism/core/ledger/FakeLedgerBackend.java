package dev.prism.core.ledger;

/** Serves {@code jdbc:fake:} URLs with a {@link FakeLedgerStore}, for tests of the wiring. */
public final class FakeLedgerBackend implements LedgerBackend {
    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String urlForms() {
        return "jdbc:fake:NAME (the tests' own)";
    }

    @Override
    public boolean serves(String url) {
        return url.startsWith("jdbc:fake:");
    }

    @Override
    public LedgerStore create(LedgerSettings settings) {
        return new FakeLedgerStore();
    }
}
