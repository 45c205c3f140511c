package org.eventcore.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.function.BiFunction;
import org.eventcore.api.EventStore;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamEvents;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.EventCodec;
import org.eventcore.application.command.EventCodecs;

/**
 * Folds one stream into a value, in one read-only transaction: the simplest strongly consistent
 * query, until projections serve the list queries.
 */
@ApplicationScoped
public class StreamFolds {

  @Inject EventStore eventStore;
  @Inject EventCodecs codecs;

  /** The folded value and the stream's version (0: the stream has no events). */
  public record Folded<T>(T value, long version) {}

  @Transactional(Transactional.TxType.REQUIRED)
  public <E, T> Folded<T> fold(
      StreamId stream, Class<E> eventType, T initial, BiFunction<T, E, T> apply) {
    EventCodec<E> codec = codecs.codecFor(eventType);
    StreamEvents events = eventStore.read(stream, ReadOptions.all());
    T value = initial;
    long version = 0;
    for (StoredEvent stored : events.events()) {
      value =
          apply.apply(value, codec.decode(stored.type(), stored.schemaVersion(), stored.payload()));
      version = stored.version().value();
    }
    return new Folded<>(value, version);
  }
}
