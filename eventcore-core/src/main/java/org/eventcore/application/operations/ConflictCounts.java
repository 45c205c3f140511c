package org.eventcore.application.operations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eventcore.api.StreamId;

/**
 * Conflicts per stream in bounded memory: the <em>Space-Saving</em> algorithm (Metwally, Agrawal,
 * El Abbadi, 2005) over at most {@link #capacity()} streams, however many streams conflict.
 *
 * <p>While fewer streams than the capacity have conflicted, every count is exact. Past that, a
 * stream not in the table takes the place of the one with the smallest count and starts from that
 * count plus one; the count it inherited is its {@link Entry#overcount()}. The guarantees:
 *
 * <ul>
 *   <li>never more than {@code capacity} entries;
 *   <li>an entry's {@code conflicts} is never below the stream's true count, and {@code conflicts -
 *       overcount} never above it;
 *   <li>every stream whose true count is greater than {@code total / capacity} is in the table — a
 *       stream that takes a real share of the conflicts cannot be pushed out by many streams that
 *       conflict once each.
 * </ul>
 *
 * <p>Thread-safe; each {@link #record} is O(1) when the stream is tracked or the table not full,
 * O(capacity) otherwise. Conflicts are rare next to commands, so one lock is enough.
 */
public final class ConflictCounts {

  /** One tracked stream: its (over-)estimated count and by how much it may be over. */
  public record Entry(StreamId stream, long conflicts, long overcount) {}

  private static final class Counter {
    long count;
    long overcount;

    Counter(long count, long overcount) {
      this.count = count;
      this.overcount = overcount;
    }
  }

  private final int capacity;
  private final Map<StreamId, Counter> counters = new HashMap<>();
  private long total;

  /**
   * @param capacity the most streams tracked at once (at least 1)
   */
  public ConflictCounts(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }

  /**
   * Counts one conflict on {@code stream}.
   *
   * @return whether the set of tracked streams changed (a stream came in, perhaps pushing one out)
   */
  public synchronized boolean record(StreamId stream) {
    total++;
    Counter counter = counters.get(stream);
    if (counter != null) {
      counter.count++;
      return false;
    }
    if (counters.size() < capacity) {
      counters.put(stream, new Counter(1, 0));
      return true;
    }
    StreamId smallest = null;
    Counter min = null;
    for (Map.Entry<StreamId, Counter> entry : counters.entrySet()) {
      if (min == null || entry.getValue().count < min.count) {
        smallest = entry.getKey();
        min = entry.getValue();
      }
    }
    counters.remove(smallest);
    counters.put(stream, new Counter(min.count + 1, min.count));
    return true;
  }

  /** Conflicts recorded in all (tracked or not). */
  public synchronized long total() {
    return total;
  }

  /** The estimated count of {@code stream}; 0 when it is not tracked. */
  public synchronized long conflictsOf(StreamId stream) {
    Counter counter = counters.get(stream);
    return counter == null ? 0 : counter.count;
  }

  /** The tracked streams, most conflicts first (ties by stream id). */
  public synchronized List<Entry> top() {
    List<Entry> entries = new ArrayList<>(counters.size());
    counters.forEach((stream, c) -> entries.add(new Entry(stream, c.count, c.overcount)));
    entries.sort(
        Comparator.comparingLong(Entry::conflicts)
            .reversed()
            .thenComparing(e -> e.stream().value()));
    return entries;
  }
}
