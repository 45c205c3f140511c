package org.eventcore.testing;

import java.util.function.Function;
import org.eventcore.api.EventStore;

/** The in-memory store meets the contract of every store. */
class InMemoryEventStoreTest extends EventStoreContract {

  private final InMemoryEventStore store = new InMemoryEventStore();

  @Override
  protected <T> T inTransaction(Function<EventStore, T> work) {
    return work.apply(store);
  }
}
