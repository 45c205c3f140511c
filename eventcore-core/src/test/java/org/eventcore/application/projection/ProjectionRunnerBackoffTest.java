package org.eventcore.application.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.TransientEventStoreException;
import org.eventcore.api.projection.Projection;
import org.junit.jupiter.api.Test;

/** While the database is away a runner backs off exponentially (capped); then it resumes. */
class ProjectionRunnerBackoffTest {

  private boolean databaseAway = true;

  private final Transactions transactions =
      new Transactions() {
        @Override
        public <T> T inNewTransaction(Supplier<T> work) {
          if (databaseAway) {
            throw new TransientEventStoreException("Connection refused", new RuntimeException());
          }
          @SuppressWarnings("unchecked")
          T idle = (T) new ProjectionProcessor.Step.Idle();
          return idle;
        }
      };

  private final Projection projection =
      new Projection() {
        @Override
        public String name() {
          return "backoff";
        }

        @Override
        public void handle(List<StoredEvent> events) {}

        @Override
        public void reset() {}
      };

  @Test
  void backsOffWhileTheDatabaseIsAwayAndPollsAgainOnceItIsBack() {
    ProjectionRunner runner =
        new ProjectionRunner(
            projection,
            transactions,
            p -> null,
            new ProjectionRunner.Settings(
                10, Duration.ofMillis(100), Duration.ofMillis(1_000), 20));

    List<Duration> rests = new ArrayList<>();
    for (int round = 0; round < 6; round++) {
      rests.add(runner.runOnce());
    }
    assertThat(rests)
        .containsExactly(
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800),
            Duration.ofMillis(1_000),
            Duration.ofMillis(1_000),
            Duration.ofMillis(1_000));
    assertThat(runner.failuresInARow()).isEqualTo(6);
    assertThat(runner.lastError()).contains("Connection refused");

    databaseAway = false;
    assertThat(runner.runOnce()).isEqualTo(Duration.ofMillis(100));
    assertThat(runner.failuresInARow()).isZero();
  }
}
