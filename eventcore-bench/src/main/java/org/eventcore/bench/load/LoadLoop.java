package org.eventcore.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Runs an operation on {@code clients} threads, each in a closed loop (the next operation starts
 * when the previous one ends), for a warm-up and then a measured period. Only operations that start
 * inside the measured period are timed and counted; every operation that completed, warm-up
 * included, is counted as committed work so that the data can be checked afterwards.
 */
public final class LoadLoop {

  /** One client's operation. */
  @FunctionalInterface
  public interface Operation {
    /** Runs one operation; counts its conflicts, retries and written events into {@code client}. */
    void run(Client client) throws Exception;
  }

  /** Per-client state: its random source and counters. Used by one thread only. */
  public static final class Client {
    private final int index;
    private final SplittableRandom random;
    long conflicts;
    long retries;
    long events;
    long items;

    Client(int index, long seed) {
      this.index = index;
      this.random = new SplittableRandom(seed);
    }

    public int index() {
      return index;
    }

    public SplittableRandom random() {
      return random;
    }

    public void conflict() {
      conflicts++;
    }

    public void retries(long count) {
      retries += count;
    }

    /** Events written (or, for reads, events read) by the current operation. */
    public void events(long count) {
      events += count;
    }

    /** Other units of work of the current operation (e.g. streams read). */
    public void items(long count) {
      items += count;
    }
  }

  private LoadLoop() {}

  /**
   * Runs the load and returns its measurement. The measured window lasts {@code measured}, and
   * longer when an operation is slower than that: each client goes on until it has completed at
   * least one operation that started inside the window, so a point always has a latency, and the
   * rate is taken over the window's real length (from its start to the end of the last measured
   * operation, when that is later).
   *
   * @param operations creates the operation of client {@code i} (called on the caller's thread)
   * @param threadSetup runs first on every client thread (e.g. to set the context class loader)
   */
  public static Measurement run(
      int clients,
      Duration warmup,
      Duration measured,
      IntFunction<Operation> operations,
      Runnable threadSetup)
      throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long measureTo = measureFrom + measured.toNanos();
    List<Worker> workers = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(clients);
    for (int i = 0; i < clients; i++) {
      Worker worker =
          new Worker(
              new Client(i, 0x5eed0000L + i * 7919L + start),
              operations.apply(i),
              measureFrom,
              measureTo,
              threadSetup,
              done);
      workers.add(worker);
    }
    List<Thread> threads = new ArrayList<>();
    for (Worker worker : workers) {
      Thread thread = new Thread(worker, "bench-client-" + worker.client.index);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    long limit = Duration.ofNanos(measureTo - System.nanoTime()).toMillis() + 120_000;
    if (!done.await(limit, TimeUnit.MILLISECONDS)) {
      threads.forEach(Thread::interrupt);
      done.await(30, TimeUnit.SECONDS);
    }
    Histogram latencies = newHistogram();
    long ops = 0;
    long errors = 0;
    long conflicts = 0;
    long retries = 0;
    long events = 0;
    long items = 0;
    long committedEvents = 0;
    long committedOps = 0;
    String firstError = "";
    long windowEnd = measureTo;
    for (Worker worker : workers) {
      windowEnd = Math.max(windowEnd, worker.lastMeasuredEnd);
      latencies.add(worker.latencies);
      ops += worker.measuredOps;
      errors += worker.errors;
      conflicts += worker.measuredConflicts;
      retries += worker.measuredRetries;
      events += worker.measuredEvents;
      items += worker.measuredItems;
      committedEvents += worker.client.events;
      committedOps += worker.committedOps;
      if (firstError.isEmpty() && !worker.firstError.isEmpty()) {
        firstError = worker.firstError;
      }
    }
    return new Measurement(
        clients,
        (windowEnd - measureFrom) / 1e9,
        ops,
        errors,
        conflicts,
        retries,
        events,
        items,
        committedOps,
        committedEvents,
        latencies,
        firstError);
  }

  /** Latencies in nanoseconds, up to an hour, three significant digits. */
  public static Histogram newHistogram() {
    return new Histogram(TimeUnit.HOURS.toNanos(1), 3);
  }

  private static final class Worker implements Runnable {
    final Client client;
    final Operation operation;
    final long measureFrom;
    final long measureTo;
    final Runnable threadSetup;
    final CountDownLatch done;
    final Histogram latencies = newHistogram();
    long measuredOps;
    long committedOps;
    long errors;
    long measuredConflicts;
    long measuredRetries;
    long measuredEvents;
    long measuredItems;
    long lastMeasuredEnd;
    String firstError = "";

    Worker(
        Client client,
        Operation operation,
        long measureFrom,
        long measureTo,
        Runnable threadSetup,
        CountDownLatch done) {
      this.client = client;
      this.operation = operation;
      this.measureFrom = measureFrom;
      this.measureTo = measureTo;
      this.threadSetup = threadSetup;
      this.done = done;
    }

    @Override
    public void run() {
      try {
        threadSetup.run();
        while (!Thread.currentThread().isInterrupted()) {
          long started = System.nanoTime();
          if (started >= measureTo && (measuredOps > 0 || errors > 0)) {
            break;
          }
          long conflictsBefore = client.conflicts;
          long retriesBefore = client.retries;
          long eventsBefore = client.events;
          long itemsBefore = client.items;
          try {
            operation.run(client);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          } catch (Exception | Error e) {
            errors++;
            client.events = eventsBefore;
            if (firstError.isEmpty()) {
              firstError = describe(e);
            }
            continue;
          }
          long ended = System.nanoTime();
          committedOps++;
          if (started >= measureFrom) {
            latencies.recordValue(Math.min(ended - started, latencies.getHighestTrackableValue()));
            measuredOps++;
            measuredConflicts += client.conflicts - conflictsBefore;
            measuredRetries += client.retries - retriesBefore;
            measuredEvents += client.events - eventsBefore;
            measuredItems += client.items - itemsBefore;
            lastMeasuredEnd = ended;
          }
        }
      } finally {
        done.countDown();
      }
    }
  }

  static String describe(Throwable error) {
    Throwable root = error;
    StringBuilder text = new StringBuilder(error.getClass().getSimpleName());
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != error) {
      text.append(" / ").append(root.getClass().getSimpleName());
    }
    String message = root.getMessage() == null ? "" : root.getMessage();
    return (text + ": " + message).replaceAll("\\s+", " ").trim();
  }
}
