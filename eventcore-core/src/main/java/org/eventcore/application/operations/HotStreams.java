package org.eventcore.application.operations;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersionConflictException;

/**
 * The streams that commands conflict on most — where writers contend — kept in bounded memory
 * ({@link ConflictCounts}, at most {@value #SIZE_KEY} streams, default {@value #DEFAULT_SIZE}).
 *
 * <p>The command executor records every version conflict an attempt meets (retried or not), once
 * per stream the conflict names. A conflict that the database detected by itself (a unique-key race
 * on a stream version, without the streams it involved) is not counted. Conflicts of the raw
 * event-store API are a client's expectation failing, not contention between commands, and are not
 * counted either.
 *
 * <p>Exported as metrics with a bounded number of series:
 *
 * <ul>
 *   <li>{@code eventcore_hot_stream_conflicts{stream}}: one gauge per tracked stream (never more
 *       than the table's size), its conflicts since the server started (an estimate that may be too
 *       high by the entry's overcount once more streams conflicted than the table holds); a stream
 *       pushed out of the table loses its series;
 *   <li>{@code eventcore_stream_conflicts_total}: every stream conflict counted, tracked or not.
 * </ul>
 */
@ApplicationScoped
public class HotStreams {

  /** How many streams are tracked at once. */
  public static final String SIZE_KEY = "eventcore.command.hot-streams.size";

  static final String DEFAULT_SIZE = "20";

  static final String GAUGE = "eventcore.hot.stream.conflicts";
  static final String COUNTER = "eventcore.stream.conflicts";

  @Inject
  @ConfigProperty(name = SIZE_KEY, defaultValue = DEFAULT_SIZE)
  int size;

  @Inject MetricRegistry metrics;

  private ConflictCounts counts;
  private final Set<StreamId> exported = new HashSet<>();

  @PostConstruct
  void start() {
    counts = new ConflictCounts(size);
    metrics.counter(COUNTER);
  }

  /** Counts the conflict once for every stream it names. */
  public void record(StreamVersionConflictException conflict) {
    boolean changed = false;
    for (StreamVersionConflictException.Conflict one : conflict.conflicts()) {
      changed |= counts.record(one.streamId());
      metrics.counter(COUNTER).inc();
    }
    if (changed) {
      export();
    }
  }

  /** The tracked streams, most conflicts first. */
  public List<ConflictCounts.Entry> top() {
    return counts.top();
  }

  /** Conflicts counted in all, tracked streams or not. */
  public long total() {
    return counts.total();
  }

  /** The most streams tracked at once. */
  public int capacity() {
    return counts.capacity();
  }

  /** Keeps one gauge per tracked stream: registers newcomers, removes streams pushed out. */
  private synchronized void export() {
    Set<StreamId> tracked = new HashSet<>();
    counts.top().forEach(entry -> tracked.add(entry.stream()));
    for (StreamId gone : Set.copyOf(exported)) {
      if (!tracked.contains(gone)) {
        metrics.remove(new MetricID(GAUGE, tag(gone)));
        exported.remove(gone);
      }
    }
    for (StreamId stream : tracked) {
      if (exported.add(stream)) {
        metrics.gauge(GAUGE, counts, c -> c.conflictsOf(stream), tag(stream));
      }
    }
  }

  private static Tag tag(StreamId stream) {
    return new Tag("stream", stream.value());
  }
}
