package org.eventcore.it.handlers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eventcore.api.command.CommittedEvent;
import org.eventcore.application.command.Committed;
import org.eventcore.it.handlers.LedgerEvent.Credited;

/** After-commit reactions, the Jakarta way: typed by event class, and with the envelope. */
@ApplicationScoped
public class CommittedObserver {

  private final List<Credited> credits = new CopyOnWriteArrayList<>();
  private final List<CommittedEvent> envelopes = new CopyOnWriteArrayList<>();

  void onCredited(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Committed Credited credited) {
    credits.add(credited);
  }

  void onCommitted(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) @Committed CommittedEvent committed) {
    envelopes.add(committed);
  }

  public List<Credited> creditsOf(String account) {
    return credits.stream().filter(c -> c.account().equals(account)).toList();
  }

  public List<CommittedEvent> envelopesOf(String account) {
    return envelopes.stream().filter(e -> e.streamId().value().equals(account)).toList();
  }
}
