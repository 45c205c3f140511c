package org.eventcore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventIdTest {

  @Test
  void isAVersion7VariantRfcUuid() {
    EventId id = EventId.generate();
    assertThat(id.value().version()).isEqualTo(7);
    assertThat(id.value().variant()).isEqualTo(2);
  }

  @Test
  void carriesTheCurrentTimeInMilliseconds() {
    Instant before = Instant.now().minusMillis(1);
    Instant timestamp = EventId.generate().timestamp();
    assertThat(timestamp).isBetween(before, Instant.now().plus(Duration.ofMillis(1)));
  }

  @Test
  void idsGeneratedLaterCompareGreaterEvenWithinOneMillisecond() {
    List<EventId> ids = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(EventId.generate());
    }
    for (int i = 1; i < ids.size(); i++) {
      assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
      // the text form sorts the same way, so databases and logs agree with the Java order
      assertThat(ids.get(i).toString()).isGreaterThan(ids.get(i - 1).toString());
    }
  }

  @Test
  void parsesItsTextForm() {
    EventId id = EventId.generate();
    assertThat(EventId.parse(id.toString())).isEqualTo(id);
  }
}
