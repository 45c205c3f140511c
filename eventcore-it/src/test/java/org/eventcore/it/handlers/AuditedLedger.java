package org.eventcore.it.handlers;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.eventcore.application.command.CommandExecutor;
import org.eventcore.application.command.CommandOptions;
import org.eventcore.application.command.CommandResult;

/**
 * A user's transactional service: writes its own entity and runs a command in the same JTA
 * transaction — both commit, or neither.
 */
@ApplicationScoped
public class AuditedLedger {

  @PersistenceContext(unitName = "it-app")
  EntityManager entities;

  @Inject CommandExecutor commands;
  @Resource TransactionSynchronizationRegistry transactions;

  /** The command failed inside the caller's transaction. */
  public static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean markedForRollback;

    Failed(RuntimeException cause, boolean markedForRollback) {
      super(cause.getMessage(), cause);
      this.markedForRollback = markedForRollback;
    }
  }

  /**
   * Writes an audit entry, then credits in the same transaction; with {@code failAfter}, throws
   * once the command has succeeded.
   */
  @Transactional
  public CommandResult credit(Credit credit, String note, boolean failAfter) {
    entities.persist(new AuditEntry(note));
    entities.flush(); // the entity's row is written before the command's events
    CommandResult result;
    try {
      result = commands.execute(credit, CommandOptions.none().inCallerTransaction());
    } catch (RuntimeException e) {
      throw new Failed(e, transactions.getTransactionStatus() == Status.STATUS_MARKED_ROLLBACK);
    }
    if (failAfter) {
      throw new IllegalStateException("The caller fails after the command");
    }
    return result;
  }

  @Transactional
  public long auditEntries(String note) {
    return entities
        .createQuery("select count(a) from AuditEntry a where a.note = :note", Long.class)
        .setParameter("note", note)
        .getSingleResult();
  }
}
