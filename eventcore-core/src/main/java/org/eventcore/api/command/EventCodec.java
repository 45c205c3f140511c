package org.eventcore.api.command;

import java.util.Set;

/**
 * Turns a command's events into stored form and back: a type name, a schema version and a JSON
 * payload.
 *
 * @param <E> the event type, usually a sealed interface of records
 */
public interface EventCodec<E> {

  /**
   * Every type name this codec reads back: exactly the names for which {@link #decode} does not
   * reject the type. Never empty. Typed projections are fed only events of these types.
   */
  Set<String> typeNames();

  /** The type name stored with {@code event}. */
  String typeName(E event);

  /** The schema version of {@code event}'s payload, from 1. */
  default int schemaVersion(E event) {
    return 1;
  }

  /** The JSON payload of {@code event}. */
  String encode(E event);

  /**
   * Reads an event back.
   *
   * @throws IllegalArgumentException if the type name is not one of {@code E}'s types
   */
  E decode(String typeName, int schemaVersion, String payload);
}
