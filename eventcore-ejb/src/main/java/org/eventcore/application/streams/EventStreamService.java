package org.eventcore.application.streams;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.Timed;
import org.eventcore.api.AppendResult;
import org.eventcore.api.EventStore;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.NewEvent;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StreamEvents;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;

/**
 * Appends to and reads one stream, each call in its own JTA transaction (container-managed: {@code
 * REQUIRED}, so the store's locks are held until the commit).
 */
@Stateless
public class EventStreamService {

  @Inject EventStore eventStore;

  /** The application registry (MicroProfile Metrics' default for injection). */
  @Inject MetricRegistry metrics;

  /**
   * Appends {@code events} to {@code streamId} if the stream meets {@code expected}.
   *
   * @throws org.eventcore.api.StreamVersionConflictException if it does not (nothing written)
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  @Timed(
      name = "eventcore.stream.append",
      absolute = true,
      description = "Appends to one stream through the event-store API")
  public AppendResult append(StreamId streamId, ExpectedVersion expected, List<NewEvent> events) {
    AppendResult result = eventStore.append(List.of(new StreamWrite(streamId, expected, events)));
    eventsAppended().inc(result.events().size());
    return result;
  }

  /** Reads a stream; an unknown stream is empty (version 0). */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public StreamEvents read(StreamId streamId, ReadOptions options) {
    return eventStore.read(streamId, options);
  }

  private Counter eventsAppended() {
    return metrics.counter("eventcore.events.appended");
  }
}
