package org.eventcore.application.projection;

import java.time.Duration;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The thread of one projection: runs {@link ProjectionRunner#runOnce()} rounds and rests between
 * them for as long as the runner says, unless {@link #wake()} cuts the rest short (new events were
 * announced). Each projection has its own thread, so a slow or failing projection delays no other
 * one, and no shared executor pool can starve it.
 *
 * <p>{@link #stop()} asks the loop to end after the current round; the owner then joins the thread,
 * so that no transaction of a round outlives the application.
 */
public final class ProjectionWorker implements Runnable {

  private static final Logger LOG = Logger.getLogger(ProjectionWorker.class.getName());

  private final ProjectionRunner runner;
  private final Duration afterUnexpectedFailure;
  private final Object monitor = new Object();
  private boolean wakeRequested;
  private volatile boolean stopRequested;
  private volatile long rounds;

  /**
   * @param afterUnexpectedFailure the rest after a round failed in a way the runner did not handle
   */
  public ProjectionWorker(ProjectionRunner runner, Duration afterUnexpectedFailure) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.afterUnexpectedFailure =
        Objects.requireNonNull(afterUnexpectedFailure, "afterUnexpectedFailure");
  }

  @Override
  public void run() {
    while (!stopRequested) {
      Duration rest;
      try {
        rest = runner.runOnce();
      } catch (Exception e) {
        // also checked ones: the container's transaction interceptor throws a commit failure such
        // as
        // jakarta.transaction.HeuristicMixedException (the connection died during the commit) as
        // is, although no signature declares it; it must not end the loop
        LOG.log(
            Level.WARNING,
            "Projection " + runner.projection().name() + " round failed: " + e.getMessage(),
            e);
        rest = afterUnexpectedFailure;
      }
      rounds++;
      rest(rest);
    }
  }

  private void rest(Duration rest) {
    if (rest.isZero() || rest.isNegative()) {
      return;
    }
    long deadline = System.nanoTime() + rest.toNanos();
    synchronized (monitor) {
      while (!wakeRequested && !stopRequested) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          monitor.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          stopRequested = true;
          Thread.currentThread().interrupt();
        }
      }
      wakeRequested = false;
    }
  }

  /** Ends the current rest at once: there may be new events. */
  public void wake() {
    synchronized (monitor) {
      wakeRequested = true;
      monitor.notifyAll();
    }
  }

  /** Asks the loop to end after the round in progress (if any). */
  public void stop() {
    stopRequested = true;
    wake();
  }

  /** Rounds run so far (for diagnostics). */
  public long rounds() {
    return rounds;
  }

  public ProjectionRunner runner() {
    return runner;
  }
}
