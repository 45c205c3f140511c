package org.eventcore.application.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.eventcore.api.EventId;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.command.CommittedEvent;
import org.junit.jupiter.api.Test;

class CommandOptionsTest {

  @Test
  void aCommandCausedByAnEventCarriesItsIdAsCausationAndItsCorrelationOn() {
    EventId id = EventId.generate();
    CommittedEvent cause =
        new CommittedEvent(
            id,
            StreamId.of("order-1"),
            StreamVersion.of(3),
            42,
            "PlaceOrder",
            "payload",
            EventMetadata.EMPTY.withCorrelationId("conversation-7"));

    CommandOptions options = CommandOptions.causedBy(cause);

    assertThat(options.metadata().causationId()).contains(id.toString());
    assertThat(options.metadata().correlationId()).contains("conversation-7");
    assertThat(options.joinsCallerTransaction()).isFalse();
    assertThat(cause.eventAs(String.class)).contains("payload");
    assertThat(cause.eventAs(Integer.class)).isEmpty();
  }

  @Test
  void joiningTheCallersTransactionKeepsTheOtherOptions() {
    CommandOptions options = CommandOptions.none().withIdempotencyKey("k-1").inCallerTransaction();

    assertThat(options.joinsCallerTransaction()).isTrue();
    assertThat(options.idempotencyKey()).contains("k-1");
    assertThat(options.withIdempotencyKey("k-2").joinsCallerTransaction()).isTrue();
  }
}
