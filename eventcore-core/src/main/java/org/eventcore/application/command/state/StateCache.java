package org.eventcore.application.command.state;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-memory state cache: at most {@code maxEntries} folded states, the least recently used
 * evicted first. Thread-safe; every operation is O(1) under one short lock.
 *
 * <p>An entry is replaced only by a state that is not behind it: when two executions of the same
 * key race, the one that reflects more events stays (both are correct, the newer is cheaper to
 * extend).
 */
public final class StateCache {

  private final int maxEntries;
  private final LinkedHashMap<StateKey, FoldedState> entries;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();

  private final Runnable onEviction;

  /**
   * @param maxEntries the bound; 0 disables the cache (nothing is kept, nothing is counted)
   */
  public StateCache(int maxEntries) {
    this(maxEntries, () -> {});
  }

  /**
   * @param onEviction called (under the cache's lock: keep it short) for every entry evicted
   */
  public StateCache(int maxEntries, Runnable onEviction) {
    this.onEviction = java.util.Objects.requireNonNull(onEviction, "onEviction");
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must not be negative, was " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<StateKey, FoldedState> eldest) {
            if (size() > StateCache.this.maxEntries) {
              evictions.increment();
              StateCache.this.onEviction.run();
              return true;
            }
            return false;
          }
        };
  }

  public boolean enabled() {
    return maxEntries > 0;
  }

  public int maxEntries() {
    return maxEntries;
  }

  /** The cached state of {@code key}, counted as a hit or a miss. */
  public Optional<FoldedState> get(StateKey key) {
    if (!enabled()) {
      return Optional.empty();
    }
    FoldedState found;
    synchronized (entries) {
      found = entries.get(key);
    }
    (found == null ? misses : hits).increment();
    return Optional.ofNullable(found);
  }

  /** Keeps {@code state} for {@code key}, unless the entry there already covers it. */
  public void put(StateKey key, FoldedState state) {
    if (!enabled()) {
      return;
    }
    synchronized (entries) {
      FoldedState present = entries.get(key);
      if (present == null || !present.covers(state) || present.equals(state)) {
        long snapshot =
            present == null
                ? state.snapshotEvents()
                : Math.max(state.snapshotEvents(), present.snapshotEvents());
        entries.put(key, state.withSnapshotEvents(snapshot));
      } else if (present.snapshotEvents() < state.snapshotEvents()) {
        entries.put(key, present.withSnapshotEvents(state.snapshotEvents()));
      }
    }
  }

  /** Forgets {@code key}. */
  public void remove(StateKey key) {
    synchronized (entries) {
      entries.remove(key);
    }
  }

  /** Forgets everything (the counters stay). */
  public void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }

  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  public long evictions() {
    return evictions.sum();
  }
}
