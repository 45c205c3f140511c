package org.eventcore.application.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A rebuild's progress: the feed had {@code total} events when it started; {@code processed} of
 * them (filtered-out ones included) have been read since. Events appended during the rebuild are
 * replayed too, so {@code processed} may end above {@code total}; the rebuild is finished when the
 * projection has caught up with the feed.
 *
 * @param startedAt when the read model and the checkpoint were reset
 * @param total feed events at that moment
 * @param processed feed events read since
 * @param finishedAt when the projection caught up, if it has
 */
public record RebuildProgress(
    Instant startedAt, long total, long processed, Optional<Instant> finishedAt) {

  public RebuildProgress {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }

  public boolean finished() {
    return finishedAt.isPresent();
  }

  /** Percent done, 0–100. */
  public double percent() {
    if (finished() || total == 0) {
      return 100.0;
    }
    return Math.min(100.0, 100.0 * processed / total);
  }

  /** Average events read per second since the start (up to the end when finished). */
  public double eventsPerSecond(Instant now) {
    Instant end = finishedAt.orElse(now);
    double seconds = Math.max(0.001, Duration.between(startedAt, end).toMillis() / 1000.0);
    return processed / seconds;
  }

  /** Time left at the average rate so far; zero when finished, empty before the first batch. */
  public Optional<Duration> eta(Instant now) {
    if (finished() || processed >= total) {
      return Optional.of(Duration.ZERO);
    }
    double rate = eventsPerSecond(now);
    if (processed == 0 || rate <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis((long) ((total - processed) / rate * 1000)));
  }
}
