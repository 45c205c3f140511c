package org.eventcore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.EventStoreException;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.NewEvent;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.StreamWrite;
import org.junit.jupiter.api.Test;

class ChaosEventStoreTest {

  private final InMemoryEventStore real = new InMemoryEventStore();
  private final StreamId stream = StreamId.of("account-1");

  private List<StreamWrite> oneEvent() {
    return List.of(
        new StreamWrite(
            stream, ExpectedVersion.any(), List.of(NewEvent.of("A", "{}", EventMetadata.EMPTY))));
  }

  private ChaosEventStore chaos(double failure, double conflict, Duration latency) {
    return new ChaosEventStore(
        real, new ChaosEventStore.Settings(failure, conflict, latency), new SplittableRandom(42));
  }

  @Test
  void anInjectedFailureWritesNothing() {
    ChaosEventStore store = chaos(1.0, 0, Duration.ZERO);
    assertThatThrownBy(() -> store.append(oneEvent()))
        .isInstanceOf(EventStoreException.class)
        .hasMessageContaining("Injected failure of append");
    assertThatThrownBy(() -> store.read(stream, ReadOptions.all()))
        .isInstanceOf(EventStoreException.class);
    assertThat(real.currentVersions(List.of(stream)).get(stream)).isEqualTo(StreamVersion.EMPTY);
  }

  @Test
  void anInjectedConflictNamesAStreamWithItsRealVersionAndWritesNothing() {
    real.append(oneEvent());
    ChaosEventStore store = chaos(0, 1.0, Duration.ZERO);
    assertThatThrownBy(() -> store.append(oneEvent()))
        .isInstanceOfSatisfying(
            StreamVersionConflictException.class,
            e -> {
              assertThat(e.conflicts()).hasSize(1);
              assertThat(e.conflicts().get(0).streamId()).isEqualTo(stream);
              assertThat(e.conflicts().get(0).actual()).isEqualTo(StreamVersion.of(1));
            });
    assertThat(real.currentVersions(List.of(stream)).get(stream)).isEqualTo(StreamVersion.of(1));
  }

  @Test
  void probabilitiesAreHonouredOverManyCalls() {
    ChaosEventStore store = chaos(0.1, 0.2, Duration.ZERO);
    int failures = 0;
    int conflicts = 0;
    int written = 0;
    for (int i = 0; i < 2000; i++) {
      try {
        store.append(oneEvent());
        written++;
      } catch (StreamVersionConflictException e) {
        conflicts++;
      } catch (EventStoreException e) {
        failures++;
      }
    }
    assertThat(failures).isBetween(140, 260); // 10% of 2000, seeded
    assertThat(conflicts).isBetween(280, 440); // 20% of the remaining 90%, seeded
    assertThat(real.currentVersions(List.of(stream)).get(stream).value()).isEqualTo(written);
  }

  @Test
  void latencyIsAddedToEveryCall() {
    ChaosEventStore store = chaos(0, 0, Duration.ofMillis(30));
    long started = System.nanoTime();
    store.currentVersions(List.of(stream));
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(30));
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new ChaosEventStore.Settings(1.5, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failureProbability");
    assertThatThrownBy(() -> new ChaosEventStore.Settings(0, 0, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
