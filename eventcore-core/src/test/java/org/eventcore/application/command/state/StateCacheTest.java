package org.eventcore.application.command.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.junit.jupiter.api.Test;

class StateCacheTest {

  private static final StreamId A = StreamId.of("a");
  private static final StreamId B = StreamId.of("b");

  private static StateKey key(String fold, StreamId... streams) {
    return new StateKey(fold, 1, List.of(streams));
  }

  private static FoldedState state(Object value, long a, long b) {
    Map<StreamId, StreamVersion> versions = new LinkedHashMap<>();
    versions.put(A, StreamVersion.of(a));
    versions.put(B, StreamVersion.of(b));
    return new FoldedState(value, versions, 0);
  }

  @Test
  void keepsAtMostMaxEntriesAndEvictsTheLeastRecentlyUsed() {
    int[] evicted = {0};
    StateCache cache = new StateCache(2, () -> evicted[0]++);
    cache.put(key("one", A), state("1", 1, 1));
    cache.put(key("two", A), state("2", 1, 1));
    assertThat(cache.get(key("one", A))).isPresent(); // "one" is now the most recently used

    cache.put(key("three", A), state("3", 1, 1));

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.evictions()).isEqualTo(1);
    assertThat(evicted[0]).isEqualTo(1);
    assertThat(cache.get(key("two", A))).as("least recently used").isEmpty();
    assertThat(cache.get(key("one", A))).isPresent();
    assertThat(cache.get(key("three", A))).isPresent();
  }

  @Test
  void theKeyIsTheFoldItsVersionAndTheOrderedStreams() {
    StateCache cache = new StateCache(10);
    cache.put(key("fold", A, B), state("ab", 1, 1));

    assertThat(cache.get(key("fold", A, B))).isPresent();
    assertThat(cache.get(key("fold", B, A))).as("other order").isEmpty();
    assertThat(cache.get(key("other", A, B))).as("other fold").isEmpty();
    assertThat(cache.get(new StateKey("fold", 2, List.of(A, B)))).as("other version").isEmpty();
    assertThat(cache.get(key("fold", A))).as("fewer streams").isEmpty();
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(4);
  }

  @Test
  void anOlderStateNeverReplacesANewerOne() {
    StateCache cache = new StateCache(10);
    StateKey key = key("fold", A, B);
    cache.put(key, state("new", 5, 3));
    cache.put(key, state("old", 4, 3));
    assertThat(cache.get(key)).get().extracting(FoldedState::state).isEqualTo("new");

    cache.put(key, state("newer", 5, 4));
    assertThat(cache.get(key)).get().extracting(FoldedState::state).isEqualTo("newer");

    // neither covers the other: the last one wins, both are correct prefixes
    cache.put(key, state("sideways", 6, 2));
    assertThat(cache.get(key)).get().extracting(FoldedState::state).isEqualTo("sideways");
  }

  @Test
  void zeroEntriesTurnsTheCacheOff() {
    StateCache cache = new StateCache(0);
    cache.put(key("fold", A), state("x", 1, 1));
    assertThat(cache.enabled()).isFalse();
    assertThat(cache.size()).isZero();
    assertThat(cache.get(key("fold", A))).isEmpty();
    assertThat(cache.misses()).as("an off cache counts nothing").isZero();
  }

  @Test
  void theDigestOfAKeyDependsOnEveryPart() {
    assertThat(key("fold", A, B).digest())
        .isEqualTo(key("fold", A, B).digest())
        .isNotEqualTo(key("fold", B, A).digest())
        .isNotEqualTo(new StateKey("fold", 2, List.of(A, B)).digest())
        .isNotEqualTo(key("fold2", A, B).digest())
        .hasSize(64);
  }
}
