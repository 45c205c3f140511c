package org.eventcore.application.command.state;

/** Turns states into text for snapshots, and back. */
public interface StateCodec {

  /**
   * A fingerprint of the shape of {@code type}: it changes when the class, its components or the
   * classes they are made of change, so that a snapshot written for an earlier shape is not decoded
   * into the new one.
   */
  String schemaOf(Class<?> type);

  /** The text form of {@code state}. */
  String encode(Object state);

  /**
   * Reads a state of class {@code type} back.
   *
   * @throws RuntimeException if the text cannot be read as a {@code type}
   */
  Object decode(String text, Class<?> type);
}
