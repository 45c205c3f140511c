package org.eventcore.infrastructure.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eventcore.api.FeedCursor;
import org.eventcore.application.projection.Checkpoint;
import org.eventcore.application.projection.CheckpointStore;
import org.eventcore.application.projection.Transactions;

/**
 * Read-your-writes: waits, at most {@code eventcore.query.max-wait-ms} (default 5000), until a
 * projection's checkpoint has reached a cursor that a command returned.
 */
@ApplicationScoped
public class ProjectionCatchUp {

  @Inject CheckpointStore checkpoints;
  @Inject Transactions transactions;

  @Inject
  @ConfigProperty(name = "eventcore.query.max-wait-ms", defaultValue = "5000")
  long maxWaitMillis;

  /** Whether {@code projection} reached {@code cursor} in time. */
  public boolean await(String projection, FeedCursor cursor) {
    Instant deadline = Instant.now().plus(Duration.ofMillis(maxWaitMillis));
    while (true) {
      FeedCursor reached =
          transactions.inNewTransaction(
              () -> checkpoints.find(projection).map(Checkpoint::cursor).orElse(FeedCursor.START));
      if (reached.compareTo(cursor) >= 0) {
        return true;
      }
      if (Instant.now().isAfter(deadline)) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
