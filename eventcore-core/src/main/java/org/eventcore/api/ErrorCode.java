package org.eventcore.api;

/**
 * The stable error codes of EventCore (the book's error reference, chapter 7.3), carried by every
 * exception and by every problem document of the HTTP API. Codes never change meaning.
 */
public enum ErrorCode {
  /** The command or request is malformed or breaks a validation rule; never retried. */
  CE001("Validation failed"),
  /** A business rule rejected the command; never retried. */
  CE002("Business rule violation"),
  /** Streams changed concurrently and every retry met another change. */
  CE003("Concurrency conflict"),
  /** A required stream or resource does not exist. */
  CE004("Stream not found"),
  /** The caller may not do this. */
  CE005("Unauthorized"),
  /** The command did not finish in time. */
  CE006("Timeout"),
  /** A command emitted to a stream it neither declared nor discovered. */
  CE007("Stream access denied"),
  /** Dynamic stream discovery did not settle within the allowed rounds. */
  CE008("Maximum discovery iterations exceeded"),
  /**
   * An idempotency key came back with a different request: another command type, or the same type
   * with different content (the IETF Idempotency-Key draft answers 422). Nothing was written; never
   * retried. EventCore's own code: the book's reference ends at CE008.
   */
  CE009("Idempotency key reused"),
  /**
   * A caller sent more requests than its rate limit allows (HTTP 429); it may retry later.
   * EventCore's own code: the book's reference ends at CE008.
   */
  CE010("Too many requests"),
  /** A stream was not at the expected version (the store's view of a conflict). */
  ES001("Version conflict"),
  /** The database cannot be reached. */
  ES002("Connection failed"),
  /**
   * The server is at its concurrency limit (the command executor's bulkhead is full) and refused
   * the command without running it; it may be sent again after {@code Retry-After}.
   */
  ES003("Server at its concurrency limit"),
  /** The database refused or lost the transaction. */
  ES004("Transaction failed"),
  /** The schema could not be migrated, or events were to be changed. */
  ES005("Migration error"),
  /**
   * A raw append (the generic event-store API) was to write to a stream whose id starts with a
   * prefix reserved for a command model; only that model's commands write there. EventCore's own
   * code: the book's reference ends at ES005.
   */
  ES006("Stream reserved for commands"),
  /**
   * The connection to the database failed while a command committed, and the executor found out
   * that its events were not stored: the command did not happen, and sending it again is safe.
   */
  ES007("Command not committed"),
  /**
   * The connection to the database failed while a command committed, and the executor could not
   * find out in time whether its events were stored: send it again with the same idempotency key,
   * or read its streams, to learn the outcome.
   */
  ES008("Commit outcome unknown");

  private final String title;

  ErrorCode(String title) {
    this.title = title;
  }

  /** A short human title, e.g. "Business rule violation". */
  public String title() {
    return title;
  }
}
