package org.eventcore.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.eventcore.api.AppendResult;
import org.eventcore.api.EventStore;
import org.eventcore.api.EventStoreException;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.FeedPage;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StreamEvents;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.StreamVersionConflictException.Conflict;
import org.eventcore.api.StreamWrite;
import org.eventcore.api.TransientEventStoreException;

/**
 * Wraps a store and makes it misbehave on purpose (the book's chaos testing): every call may be
 * delayed, fail with a {@link TransientEventStoreException} (as when the database is briefly
 * unreachable), and appends may be refused with a {@link StreamVersionConflictException} as if
 * another writer had won. An injected failure or conflict happens <em>before</em> the delegate is
 * called, so it never writes anything.
 *
 * @see Settings
 */
public final class ChaosEventStore implements EventStore {

  /**
   * How much chaos.
   *
   * @param failureProbability chance (0–1) that a call fails with an infrastructure error
   * @param conflictProbability chance (0–1) that an append is refused with a version conflict
   * @param latency delay added to every call
   */
  public record Settings(double failureProbability, double conflictProbability, Duration latency) {
    public Settings {
      requireProbability(failureProbability, "failureProbability");
      requireProbability(conflictProbability, "conflictProbability");
      Objects.requireNonNull(latency, "latency");
      if (latency.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative");
      }
    }

    private static void requireProbability(double value, String name) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
      }
    }

    public static Settings none() {
      return new Settings(0, 0, Duration.ZERO);
    }
  }

  private final EventStore delegate;
  private final Settings settings;
  private final RandomGenerator random;

  public ChaosEventStore(EventStore delegate, Settings settings, RandomGenerator random) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public AppendResult append(List<StreamWrite> writes) {
    beforeCall("append");
    if (chance(settings.conflictProbability())) {
      List<StreamId> ids = writes.stream().map(StreamWrite::streamId).toList();
      Map<StreamId, StreamVersion> versions = delegate.currentVersions(ids);
      List<Conflict> conflicts = new ArrayList<>();
      StreamWrite victim = writes.get(random.nextInt(writes.size()));
      conflicts.add(
          new Conflict(victim.streamId(), victim.expected(), versions.get(victim.streamId())));
      throw new StreamVersionConflictException(conflicts);
    }
    return delegate.append(writes);
  }

  @Override
  public StreamEvents read(StreamId streamId, ReadOptions options) {
    beforeCall("read");
    return delegate.read(streamId, options);
  }

  @Override
  public Map<StreamId, StreamEvents> readStreams(Collection<StreamId> streamIds) {
    beforeCall("readStreams");
    return delegate.readStreams(streamIds);
  }

  @Override
  public Map<StreamId, StreamEvents> readStreamsAfter(Map<StreamId, StreamVersion> after) {
    beforeCall("readStreamsAfter");
    return delegate.readStreamsAfter(after);
  }

  @Override
  public Map<StreamId, StreamVersion> currentVersions(Collection<StreamId> streamIds) {
    beforeCall("currentVersions");
    return delegate.currentVersions(streamIds);
  }

  @Override
  public FeedPage readFeed(FeedCursor after, int limit) {
    beforeCall("readFeed");
    return delegate.readFeed(after, limit);
  }

  @Override
  public Duration oldestRunningTransactionAge() {
    return delegate.oldestRunningTransactionAge();
  }

  private void beforeCall(String operation) {
    if (!settings.latency().isZero()) {
      try {
        Thread.sleep(settings.latency().toMillis(), settings.latency().toNanosPart() % 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EventStoreException("Interrupted during injected latency of " + operation);
      }
    }
    if (chance(settings.failureProbability())) {
      throw new TransientEventStoreException(
          "Injected failure of " + operation + " (chaos testing)");
    }
  }

  private boolean chance(double probability) {
    if (probability <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < probability;
    }
  }
}
