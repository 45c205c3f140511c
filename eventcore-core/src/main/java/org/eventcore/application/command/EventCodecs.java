package org.eventcore.application.command;

import org.eventcore.api.command.EventCodec;

/** Finds the codec for a command's event type. */
public interface EventCodecs {
  <E> EventCodec<E> codecFor(Class<E> eventType);
}
