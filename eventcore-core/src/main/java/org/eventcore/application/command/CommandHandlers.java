package org.eventcore.application.command;

import org.eventcore.api.command.Command;

/** Finds what decides a command: the command itself, or the handler bean of its type. */
public interface CommandHandlers {

  /**
   * {@code command} itself when it is a {@link Command}, else the command bound to its handler.
   *
   * @throws IllegalArgumentException when {@code command} is neither a {@link Command} nor of a
   *     type that has a handler
   */
  Command<?, ?> bind(Object command);
}
