package org.eventcore.application.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.projection.Projection;
import org.junit.jupiter.api.Test;

class ProjectionWorkerTest {

  /** A runner whose rounds only count; the processor is never reached. */
  private static final class CountingRunner {
    final AtomicInteger rounds = new AtomicInteger();
    final CountDownLatch second = new CountDownLatch(2);

    ProjectionRunner runner() {
      Transactions counting =
          new Transactions() {
            @Override
            public <T> T inNewTransaction(Supplier<T> work) {
              rounds.incrementAndGet();
              second.countDown();
              throw new org.eventcore.api.TransientEventStoreException(
                  "database away", new RuntimeException());
            }
          };
      Projection projection =
          new Projection() {
            @Override
            public String name() {
              return "counting";
            }

            @Override
            public void handle(List<StoredEvent> events) {}

            @Override
            public void reset() {}
          };
      // every round fails as "database unavailable": the runner asks for a long back-off
      return new ProjectionRunner(
          projection,
          counting,
          p -> null,
          new ProjectionRunner.Settings(10, Duration.ofHours(1), Duration.ofHours(1), 1));
    }
  }

  @Test
  void wakeCutsTheRestShortAndStopEndsTheThread() throws Exception {
    CountingRunner counting = new CountingRunner();
    ProjectionWorker worker = new ProjectionWorker(counting.runner(), Duration.ofHours(1));
    Thread thread = new Thread(worker);
    thread.start();
    try {
      waitFor(() -> counting.rounds.get() >= 1);
      Thread.sleep(100);
      assertThat(counting.rounds.get()).as("rests (an hour) after the first round").isEqualTo(1);

      worker.wake();
      assertThat(counting.second.await(5, TimeUnit.SECONDS))
          .as("woken for a second round")
          .isTrue();
    } finally {
      worker.stop();
      thread.join(5_000);
    }
    assertThat(thread.isAlive()).as("stop ends the loop during a rest").isFalse();
    assertThat(worker.rounds()).isEqualTo(2);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  /** What the container's transaction interceptor does with a failed commit. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable failure) throws T {
    throw (T) failure;
  }

  @Test
  void aCheckedExceptionThrownThroughTheTransactionBoundaryDoesNotEndTheLoop() throws Exception {
    AtomicInteger rounds = new AtomicInteger();
    CountDownLatch third = new CountDownLatch(3);
    Transactions commitFails =
        new Transactions() {
          @Override
          public <T> T inNewTransaction(Supplier<T> work) {
            rounds.incrementAndGet();
            third.countDown();
            sneakyThrow(new Exception("HeuristicMixedException: commit outcome unknown"));
            return null;
          }
        };
    ProjectionRunner runner =
        new ProjectionRunner(
            new CountingRunner().runner().projection(),
            commitFails,
            p -> null,
            new ProjectionRunner.Settings(10, Duration.ofMillis(1), Duration.ofMillis(1), 1));
    ProjectionWorker worker = new ProjectionWorker(runner, Duration.ofMillis(5));
    Thread thread = new Thread(worker);
    thread.start();
    try {
      assertThat(third.await(5, TimeUnit.SECONDS)).as("still looping after the failure").isTrue();
      assertThat(thread.isAlive()).isTrue();
    } finally {
      worker.stop();
      thread.join(5_000);
    }
  }
}
