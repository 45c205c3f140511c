package org.eventcore.testing;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eventcore.api.AppendResult;
import org.eventcore.api.EventStore;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.FeedPage;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StreamEvents;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamWrite;

/**
 * Switches the {@link ChaosEventStore} on in a test deployment: a CDI decorator of the
 * application's {@link EventStore}, enabled (by its {@link Priority}) in every deployment that
 * carries this jar — and therefore never in production, where the jar is absent. How much chaos is
 * MicroProfile Config (0 by default: the decorator then passes every call straight through):
 *
 * <ul>
 *   <li>{@code eventcore.testing.chaos.failure-probability} — a call fails as if the database were
 *       briefly unreachable;
 *   <li>{@code eventcore.testing.chaos.conflict-probability} — an append is refused with a version
 *       conflict;
 *   <li>{@code eventcore.testing.chaos.latency-ms} — added to every call.
 * </ul>
 *
 * Only the command path misbehaves — appends and stream reads; the global feed and the feed horizon
 * (projections, health) are passed through unchanged.
 */
@Decorator
@Priority(Interceptor.Priority.APPLICATION)
public abstract class ChaosDecorator implements EventStore {

  @Inject @Delegate @Any EventStore delegate;

  @Inject
  @ConfigProperty(name = "eventcore.testing.chaos.failure-probability", defaultValue = "0")
  double failureProbability;

  @Inject
  @ConfigProperty(name = "eventcore.testing.chaos.conflict-probability", defaultValue = "0")
  double conflictProbability;

  @Inject
  @ConfigProperty(name = "eventcore.testing.chaos.latency-ms", defaultValue = "0")
  long latencyMillis;

  private volatile EventStore chaos;

  private EventStore chaos() {
    EventStore store = chaos;
    if (store == null) {
      ChaosEventStore.Settings settings =
          new ChaosEventStore.Settings(
              failureProbability, conflictProbability, Duration.ofMillis(latencyMillis));
      store =
          settings.equals(ChaosEventStore.Settings.none())
              ? delegate
              : new ChaosEventStore(delegate, settings, new SplittableRandom());
      chaos = store;
    }
    return store;
  }

  @Override
  public AppendResult append(List<StreamWrite> writes) {
    return chaos().append(writes);
  }

  @Override
  public StreamEvents read(StreamId streamId, ReadOptions options) {
    return delegate.read(streamId, options);
  }

  @Override
  public Map<StreamId, StreamEvents> readStreams(Collection<StreamId> streamIds) {
    return delegate.readStreams(streamIds);
  }

  @Override
  public Map<StreamId, StreamEvents> readStreamsAfter(Map<StreamId, StreamVersion> after) {
    return chaos().readStreamsAfter(after);
  }

  @Override
  public Map<StreamId, StreamVersion> currentVersions(Collection<StreamId> streamIds) {
    return delegate.currentVersions(streamIds);
  }

  @Override
  public FeedPage readFeed(FeedCursor after, int limit) {
    return delegate.readFeed(after, limit);
  }

  @Override
  public Duration oldestRunningTransactionAge() {
    return delegate.oldestRunningTransactionAge();
  }
}
