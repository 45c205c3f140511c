package org.eventcore.api.command;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eventcore.api.StreamId;

/** Collects the streams a command record declares with {@link Stream}. */
public final class StreamDeclarations {

  private StreamDeclarations() {}

  /**
   * The declared streams of {@code command}, in component order, without duplicates.
   *
   * @throws IllegalArgumentException if the command is not a record, declares nothing, or a
   *     component cannot name a stream
   */
  public static List<StreamId> declaredBy(Object command) {
    Class<?> type = command.getClass();
    if (!type.isRecord()) {
      throw new IllegalArgumentException(
          type.getSimpleName() + " is not a record: override streams() to declare its streams");
    }
    Set<StreamId> streams = new LinkedHashSet<>();
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.isAnnotationPresent(Stream.class)) {
        Object value;
        try {
          java.lang.reflect.Method accessor = component.getAccessor();
          accessor.trySetAccessible(); // commands are often package-private records
          value = accessor.invoke(command);
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalArgumentException(
              "Cannot read @Stream component "
                  + component.getName()
                  + " of "
                  + type.getSimpleName(),
              e);
        }
        addStreams(streams, value, type.getSimpleName() + "." + component.getName());
      }
    }
    if (streams.isEmpty()) {
      throw new IllegalArgumentException(
          type.getSimpleName()
              + " declares no stream: mark components with @Stream or override streams()");
    }
    return new ArrayList<>(streams);
  }

  private static void addStreams(Set<StreamId> streams, Object value, String where) {
    if (value instanceof StreamId id) {
      streams.add(id);
    } else if (value instanceof StreamIdentity identity) {
      streams.add(identity.streamId());
    } else if (value instanceof Collection<?> values) {
      for (Object element : values) {
        addStreams(streams, element, where);
      }
    } else {
      throw new IllegalArgumentException(
          where
              + " is marked @Stream but is "
              + (value == null ? "null" : value.getClass().getSimpleName())
              + ", not a StreamId, a StreamIdentity or a collection of them");
    }
  }
}
