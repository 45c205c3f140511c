package org.eventcore.application.command;

import java.util.concurrent.atomic.AtomicInteger;

/** What happened to the attempts of one execution, for metrics and errors. */
final class Attempts {
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger conflicts = new AtomicInteger();

  /** The result the running attempt decided on, before its commit; null until it got that far. */
  private volatile CommandResult decided;

  /** When the first attempt started ({@link System#nanoTime()}). */
  private volatile long firstStartedNanos;

  void started() {
    if (started.getAndIncrement() == 0) {
      firstStartedNanos = System.nanoTime();
    }
    decided = null;
  }

  /** Milliseconds since the first attempt started. */
  long millisSinceFirst() {
    return (System.nanoTime() - firstStartedNanos) / 1_000_000;
  }

  /** The running attempt has decided and written; only its commit is left. */
  void decided(CommandResult result) {
    decided = result;
  }

  /** What the running attempt decided on, if it reached its commit. */
  CommandResult decided() {
    return decided;
  }

  void conflicted() {
    conflicts.incrementAndGet();
  }

  int count() {
    return started.get();
  }

  int conflicts() {
    return conflicts.get();
  }
}
