package org.eventcore.application.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.command.EventCodec;
import org.eventcore.api.projection.FeedEvent;
import org.eventcore.api.projection.Projection;
import org.eventcore.api.projection.TypedProjection;
import org.eventcore.application.command.EventCodecs;

/**
 * A {@link TypedProjection} as the runner sees it: a {@link Projection} whose event types are the
 * type names of the typed projection's codec, and whose {@link #handle} decodes the batch with that
 * codec before handing it on. The runner and the processor therefore treat both kinds alike: the
 * decoding happens inside the batch's transaction, and a decoding failure is a failure of the
 * batch, subject to the projection's error strategy.
 *
 * <p>The whole batch is decoded before the typed projection sees any of it, so a batch that cannot
 * be decoded has no effect at all.
 *
 * @param <E> the typed projection's event type
 */
public final class DecodingProjection<E> implements Projection {

  private final TypedProjection<E> typed;
  private final EventCodec<E> codec;
  private final String name;
  private final Set<String> eventTypes;
  private final Set<String> streamPrefixes;

  private DecodingProjection(TypedProjection<E> typed, EventCodec<E> codec) {
    this.typed = typed;
    this.codec = codec;
    this.name = Objects.requireNonNull(typed.name(), "name");
    this.eventTypes = Set.copyOf(codec.typeNames());
    this.streamPrefixes = Set.copyOf(typed.streamPrefixes());
    if (eventTypes.isEmpty()) {
      throw new IllegalArgumentException(
          "The codec of "
              + typed.eventType().getName()
              + " names no event types: projection "
              + name
              + " would receive every event");
    }
  }

  /**
   * Adapts {@code typed}, with the codec {@code codecs} gives for its event type (the one commands
   * use).
   *
   * @throws IllegalArgumentException when there is no codec for the event type or it names no types
   */
  public static <E> DecodingProjection<E> of(TypedProjection<E> typed, EventCodecs codecs) {
    Objects.requireNonNull(typed, "typed");
    Class<E> eventType = Objects.requireNonNull(typed.eventType(), "eventType");
    return new DecodingProjection<>(typed, codecs.codecFor(eventType));
  }

  /** The projection this one feeds. */
  public TypedProjection<E> typed() {
    return typed;
  }

  @Override
  public String name() {
    return name;
  }

  /** The codec's type names: events of other types are skipped, never decoded. */
  @Override
  public Set<String> eventTypes() {
    return eventTypes;
  }

  @Override
  public Set<String> streamPrefixes() {
    return streamPrefixes;
  }

  @Override
  public ErrorStrategy onError() {
    return typed.onError();
  }

  /**
   * Decodes every event, then hands them to the typed projection.
   *
   * @throws IllegalArgumentException when an event cannot be decoded (nothing is handed on)
   */
  @Override
  public void handle(List<StoredEvent> events) {
    List<FeedEvent<E>> decoded = new ArrayList<>(events.size());
    for (StoredEvent stored : events) {
      decoded.add(
          new FeedEvent<>(
              stored.id(),
              stored.streamId(),
              stored.version(),
              stored.globalPosition(),
              codec.decode(stored.type(), stored.schemaVersion(), stored.payload()),
              stored.metadata(),
              stored.recordedAt()));
    }
    typed.handle(List.copyOf(decoded));
  }

  @Override
  public void reset() {
    typed.reset();
  }

  @Override
  public String toString() {
    return "DecodingProjection[" + name + ": " + typed.eventType().getSimpleName() + "]";
  }
}
