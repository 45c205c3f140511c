package org.eventcore.it.handlers;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What {@link CreditHandler} decided, per account, and which accounts get one conflict. */
@ApplicationScoped
public class Decisions {

  /** One call of {@code handle}: the transaction it ran in and the balance it saw. */
  public record Decision(String transaction, long balanceSeen) {}

  private final Map<String, List<Decision>> byAccount = new ConcurrentHashMap<>();
  private final Set<String> interfere = ConcurrentHashMap.newKeySet();

  void record(String account, String transaction, long balanceSeen) {
    byAccount
        .computeIfAbsent(account, a -> new CopyOnWriteArrayList<>())
        .add(new Decision(transaction, balanceSeen));
  }

  public List<Decision> of(String account) {
    return byAccount.getOrDefault(account, List.of());
  }

  public void interfereOnceWith(String account) {
    interfere.add(account);
  }

  boolean interfereOnce(String account) {
    return interfere.remove(account);
  }
}
