package dev.prism.core.budget;

import dev.prism.core.config.BudgetPeriod;
import dev.prism.core.config.KeyBudget;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each budget has spent and reserved in its current period, in this process. A call's
 * reservation is made in every budget that applies to it at once, or in none; one lock per key
 * makes that atomic, so calls of different keys never wait for each other.
 *
 * <p>A budget's spend in a period starts from the {@link SpendHistory} the first time the period is
 * used (the ledger's sum, so a restart forgets nothing the ledger holds), and is then kept here. A
 * call is counted in the period it was admitted in, as the ledger counts it by its start; settling
 * it after its period ended leaves the new period alone.
 */
final class BudgetBook implements BudgetTally {
    /** A budget's money in one period; guarded by its key's lock. */
    private static final class Account {
        Instant periodStart;
        BigDecimal spent = BigDecimal.ZERO;
        BigDecimal reserved = BigDecimal.ZERO;
    }

    private final KeyBudgets budgets;
    private final SpendHistory history;
    private final Map<String, Map<AccountId, Account>> byKey = new ConcurrentHashMap<>();

    /** @param budgets the budgets by key name; keys without one are not listed or map to {@link KeyBudget#NONE} */
    BudgetBook(Map<String, KeyBudget> budgets, SpendHistory history) {
        this(new KeyBudgets(budgets), history);
    }

    BudgetBook(KeyBudgets budgets, SpendHistory history) {
        this.budgets = Objects.requireNonNull(budgets, "budgets is null");
        this.history = Objects.requireNonNull(history, "history is null");
    }

    @Override
    public boolean governs(String keyName, String alias) {
        return !budgets.applicable(keyName, alias).isEmpty();
    }

    /** @throws dev.prism.core.ledger.LedgerUnavailableException when a period's spend so far cannot be read */
    @Override
    public Outcome reserve(String callId, String keyName, String alias, BigDecimal usd, Instant now) {
        List<KeyBudgets.Applicable> limits = budgets.applicable(keyName, alias);
        Map<AccountId, Account> accounts = byKey.computeIfAbsent(keyName, k -> new HashMap<>());
        synchronized (accounts) {
            List<Account> held = new ArrayList<>();
            for (KeyBudgets.Applicable entry : limits) {
                Account account = current(accounts, entry.account(), entry.limit().period(), now);
                BigDecimal committed = account.spent.add(account.reserved);
                BigDecimal limit = entry.limit().usd();
                if (committed.compareTo(limit) >= 0 || committed.add(usd).compareTo(limit) > 0) {
                    return new Outcome.Refused(new BudgetSpent(keyName, entry.account().alias(), entry.limit(),
                            committed, usd, KeyBudgets.resets(entry.limit().period(), now)));
                }
                held.add(account);
            }
            List<Reservation.Held> made = new ArrayList<>();
            for (int i = 0; i < held.size(); i++) {
                held.get(i).reserved = held.get(i).reserved.add(usd);
                made.add(new Reservation.Held(limits.get(i).account(), held.get(i).periodStart));
            }
            return new Outcome.Reserved(new Reservation(callId, made, usd));
        }
    }

    @Override
    public void settle(Reservation reservation, BigDecimal cost) {
        if (reservation.accounts().isEmpty()) {
            return;
        }
        Map<AccountId, Account> accounts = byKey.get(reservation.accounts().getFirst().account().keyName());
        synchronized (accounts) {
            for (Reservation.Held held : reservation.accounts()) {
                Account account = accounts.get(held.account());
                if (account != null && account.periodStart.equals(held.periodStart())) {
                    account.reserved = account.reserved.subtract(reservation.usd());
                    account.spent = account.spent.add(cost);
                }
            }
        }
    }

    /** What a budget has spent and reserved in its current period, as last seen; zeros for one never used. */
    Totals totals(AccountId id) {
        Map<AccountId, Account> accounts = byKey.get(id.keyName());
        if (accounts == null) {
            return new Totals(BigDecimal.ZERO, BigDecimal.ZERO);
        }
        synchronized (accounts) {
            Account account = accounts.get(id);
            return account == null ? new Totals(BigDecimal.ZERO, BigDecimal.ZERO) : new Totals(account.spent, account.reserved);
        }
    }

    record Totals(BigDecimal spent, BigDecimal reserved) {}


    /** The account in the period {@code now} falls in, its spend so far read from the history when the period is new here. */
    private Account current(Map<AccountId, Account> accounts, AccountId id, BudgetPeriod period, Instant now) {
        Instant start = period.start(now);
        Account account = accounts.get(id);
        if (account != null && account.periodStart.equals(start)) {
            return account;
        }
        BigDecimal spent = history.spent(id.keyName(), id.alias(), start, period.end(now));
        Account fresh = new Account();
        fresh.periodStart = start;
        fresh.spent = spent;
        accounts.put(id, fresh);
        return fresh;
    }
}
