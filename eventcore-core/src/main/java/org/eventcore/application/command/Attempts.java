package org.eventcore.application.command;

import java.util.concurrent.atomic.AtomicInteger;

/** What happened to the attempts of one execution, for metrics and errors. */
final class Attempts {
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger conflicts = new AtomicInteger();

  void started() {
    started.incrementAndGet();
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
