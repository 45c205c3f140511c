package org.eventcore.application.tracing;

import java.util.Optional;

/**
 * One span opened by {@link CommandTracing#start}: current in the thread that opened it until
 * {@link #close()}, which must be called exactly once, in that thread (try-with-resources).
 *
 * <p>Attributes are set on the span only; they never reach the events, the logs or the answer.
 */
public interface TraceSpan extends AutoCloseable {

  /** Sets a string attribute. */
  TraceSpan set(String key, String value);

  /** Sets a numeric attribute. */
  TraceSpan set(String key, long value);

  /** Sets a boolean attribute. */
  TraceSpan set(String key, boolean value);

  /**
   * Marks the span as failed, with {@code error.type} (the exception's simple class name); the
   * exception's message is not recorded (it may hold a user's data).
   */
  TraceSpan failed(Throwable error);

  /**
   * The W3C trace id (32 lowercase hex digits) of this span, when it belongs to a real trace; empty
   * for a span that records nothing because tracing is off.
   */
  Optional<String> traceId();

  /** The W3C span id (16 lowercase hex digits), under the same condition as {@link #traceId()}. */
  Optional<String> spanId();

  /** Ends the span and makes its parent current again. */
  @Override
  void close();
}
