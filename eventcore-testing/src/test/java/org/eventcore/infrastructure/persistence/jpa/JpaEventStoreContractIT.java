package org.eventcore.infrastructure.persistence.jpa;

import java.util.function.Function;
import org.eventcore.api.EventStore;
import org.eventcore.testing.EventStoreContract;

/** The PostgreSQL store meets the contract of every store, on a real PostgreSQL. */
class JpaEventStoreContractIT extends EventStoreContract {

  private final TestDatabase db = TestDatabase.get();

  @Override
  protected <T> T inTransaction(Function<EventStore, T> work) {
    return db.inTransaction(work);
  }
}
