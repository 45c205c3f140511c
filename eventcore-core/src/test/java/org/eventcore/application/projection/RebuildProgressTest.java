package org.eventcore.application.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RebuildProgressTest {

  private final Instant start = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void rateAndEtaFollowFromTheEventsReadSoFar() {
    RebuildProgress progress = new RebuildProgress(start, 100_000, 25_000, Optional.empty());
    Instant now = start.plusSeconds(5);

    assertThat(progress.percent()).isEqualTo(25.0);
    assertThat(progress.eventsPerSecond(now)).isEqualTo(5_000.0);
    assertThat(progress.eta(now)).contains(Duration.ofSeconds(15));
  }

  @Test
  void beforeTheFirstBatchTheEtaIsUnknown() {
    RebuildProgress progress = new RebuildProgress(start, 100, 0, Optional.empty());
    assertThat(progress.eta(start.plusSeconds(1))).isEmpty();
    assertThat(progress.percent()).isZero();
  }

  @Test
  void aFinishedRebuildIsCompleteEvenWhenTheFeedGrewMeanwhile() {
    RebuildProgress progress =
        new RebuildProgress(start, 100, 120, Optional.of(start.plusSeconds(2)));
    assertThat(progress.percent()).isEqualTo(100.0);
    assertThat(progress.eta(start.plusSeconds(60))).contains(Duration.ZERO);
    assertThat(progress.eventsPerSecond(start.plusSeconds(60))).isEqualTo(60.0);
  }

  @Test
  void anEmptyFeedIsRebuiltAtOnce() {
    RebuildProgress progress = new RebuildProgress(start, 0, 0, Optional.empty());
    assertThat(progress.percent()).isEqualTo(100.0);
    assertThat(progress.eta(start)).contains(Duration.ZERO);
  }
}
