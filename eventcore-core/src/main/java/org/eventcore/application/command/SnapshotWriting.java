package org.eventcore.application.command;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eventcore.application.command.state.Snapshot;
import org.eventcore.application.command.state.SnapshotStore;

/** Writes a snapshot in a JTA transaction of its own, never in a command's. */
@ApplicationScoped
public class SnapshotWriting {

  @Inject SnapshotStore snapshots;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void write(Snapshot snapshot) {
    snapshots.save(snapshot);
  }
}
