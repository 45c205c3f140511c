package org.eventcore.application.command.state;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts what {@link CommandStates} reports (for tests). */
final class CountingListener implements CommandStates.Listener {
  final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  long count(String what) {
    LongAdder adder = counts.get(what);
    return adder == null ? 0 : adder.sum();
  }

  private void add(String what, long n) {
    counts.computeIfAbsent(what, w -> new LongAdder()).add(n);
  }

  @Override
  public void cacheHit(String commandType) {
    add("hit", 1);
  }

  @Override
  public void cacheMiss(String commandType) {
    add("miss", 1);
  }

  @Override
  public void cacheEviction() {
    add("eviction", 1);
  }

  @Override
  public void snapshotLoaded(String commandType) {
    add("snapshot-loaded", 1);
  }

  @Override
  public void snapshotIgnored(String commandType, String reason) {
    add("snapshot-ignored-" + reason, 1);
  }

  @Override
  public void snapshotWritten(String commandType) {
    add("snapshot-written", 1);
  }

  @Override
  public void snapshotSkipped(String commandType, String reason) {
    add("snapshot-skipped-" + reason, 1);
  }

  @Override
  public void snapshotFailed(String commandType) {
    add("snapshot-failed", 1);
  }

  @Override
  public void eventsFolded(String commandType, long events) {
    add("folded", events);
  }
}
