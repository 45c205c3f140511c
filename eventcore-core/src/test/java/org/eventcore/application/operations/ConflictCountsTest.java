package org.eventcore.application.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eventcore.api.StreamId;
import org.junit.jupiter.api.Test;

class ConflictCountsTest {

  private static StreamId stream(String id) {
    return StreamId.of(id);
  }

  @Test
  void countsAreExactWhileFewerStreamsThanTheCapacityConflicted() {
    ConflictCounts counts = new ConflictCounts(3);
    counts.record(stream("a"));
    counts.record(stream("b"));
    counts.record(stream("a"));

    assertThat(counts.top())
        .containsExactly(
            new ConflictCounts.Entry(stream("a"), 2, 0),
            new ConflictCounts.Entry(stream("b"), 1, 0));
    assertThat(counts.total()).isEqualTo(3);
  }

  @Test
  void neverTracksMoreStreamsThanItsCapacityHoweverManyConflict() {
    ConflictCounts counts = new ConflictCounts(10);
    for (int i = 0; i < 100_000; i++) {
      counts.record(stream("stream-" + i));
    }
    assertThat(counts.top()).hasSize(10);
    assertThat(counts.total()).isEqualTo(100_000);
  }

  @Test
  void aContendedStreamStaysOnTopAmongManyStreamsThatConflictOnceEach() {
    ConflictCounts counts = new ConflictCounts(5);
    for (int i = 0; i < 10_000; i++) {
      counts.record(stream("cold-" + i));
      if (i % 3 == 0) {
        counts.record(stream("account-hot"));
      }
    }
    List<ConflictCounts.Entry> top = counts.top();
    assertThat(top).hasSize(5);
    assertThat(top.get(0).stream()).isEqualTo(stream("account-hot"));
    // its estimate brackets the truth: 3,334 conflicts
    assertThat(top.get(0).conflicts()).isGreaterThanOrEqualTo(3_334);
    assertThat(top.get(0).conflicts() - top.get(0).overcount()).isLessThanOrEqualTo(3_334);
  }

  /**
   * The guarantees of Space-Saving for one fixed, skewed random sequence (seed 42): estimates never
   * below the truth, never more than the overcount above it, and every stream with more than
   * total/capacity conflicts tracked.
   */
  @Test
  void estimatesBracketTheTrueCountsAndKeepEveryHeavyStream() {
    int capacity = 8;
    ConflictCounts counts = new ConflictCounts(capacity);
    Map<StreamId, Long> truth = new HashMap<>();
    Random random = new Random(42);
    int total = 50_000;
    for (int i = 0; i < total; i++) {
      // a few streams take most conflicts, a long tail takes the rest
      int n = random.nextDouble() < 0.6 ? random.nextInt(4) : 4 + random.nextInt(5_000);
      StreamId id = stream("s-" + n);
      counts.record(id);
      truth.merge(id, 1L, Long::sum);
    }
    List<ConflictCounts.Entry> top = counts.top();
    assertThat(top).hasSizeLessThanOrEqualTo(capacity);
    for (ConflictCounts.Entry entry : top) {
      long actual = truth.get(entry.stream());
      assertThat(entry.conflicts()).isGreaterThanOrEqualTo(actual);
      assertThat(entry.conflicts() - entry.overcount()).isLessThanOrEqualTo(actual);
    }
    truth.forEach(
        (id, actual) -> {
          if (actual > total / capacity) {
            assertThat(top).extracting(ConflictCounts.Entry::stream).contains(id);
          }
        });
    assertThat(truth.entrySet().stream().filter(e -> e.getValue() > total / capacity))
        .as("the sequence has heavy streams to find")
        .hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void recordSaysWhenTheTrackedStreamsChange() {
    ConflictCounts counts = new ConflictCounts(1);
    assertThat(counts.record(stream("a"))).isTrue();
    assertThat(counts.record(stream("a"))).isFalse();
    assertThat(counts.record(stream("b"))).isTrue();
    assertThat(counts.top()).containsExactly(new ConflictCounts.Entry(stream("b"), 3, 2));
    assertThat(counts.conflictsOf(stream("a"))).isZero();
  }

  @Test
  void aCapacityBelowOneIsRefused() {
    assertThatThrownBy(() -> new ConflictCounts(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
