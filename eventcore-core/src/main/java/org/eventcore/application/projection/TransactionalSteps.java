package org.eventcore.application.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/** {@link Transactions} in the container: each call is a new JTA transaction. */
@ApplicationScoped
public class TransactionalSteps implements Transactions {

  @Override
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public <T> T inNewTransaction(Supplier<T> work) {
    return work.get();
  }
}
