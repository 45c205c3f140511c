package org.eventcore.application.tracing;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Opens the spans of a command's execution (the tracing port of the command side).
 *
 * <p>The tree of one command, each span a child of the span current when it opened — the HTTP
 * request's server span when a request runs the command:
 *
 * <pre>
 * {@value #COMMAND} (command.type, command.success, command.outcome, command.attempts,
 *                      events.count, streams.count)
 *   {@value #ATTEMPT} (eventcore.attempt: 1, 2, …)            one per attempt (retries included)
 *     {@value #READ_STREAMS} (streams.count, events.count)      one per discovery round
 *     {@value #FOLD} (events.count)
 *     {@value #DECIDE}
 *     {@value #APPEND} (streams.count, events.count)            when the command wrote events
 *     {@value #COMMIT}                                          the attempt's JTA commit
 * </pre>
 *
 * <p>Implementations must be cheap when tracing is off: {@link #none()} does nothing, and the
 * OpenTelemetry adapter hands out spans that record nothing unless the SDK is enabled and the trace
 * sampled.
 */
public interface CommandTracing {

  String COMMAND = "eventcore.command";
  String ATTEMPT = "eventcore.attempt";
  String READ_STREAMS = "eventcore.read-streams";
  String FOLD = "eventcore.fold";
  String DECIDE = "eventcore.decide";
  String APPEND = "eventcore.append";
  String COMMIT = "eventcore.commit";

  /**
   * Opens a span named {@code name} as a child of the current span (a root span when there is none)
   * and makes it current in this thread until it is closed.
   */
  TraceSpan start(String name);

  /**
   * {@code work} as it should run in another thread: with the span that is current now as its
   * current span, so that the spans it opens belong to this trace.
   */
  <T> Supplier<T> carried(Supplier<T> work);

  /** Tracing that does nothing: the default where no tracing library is present. */
  static CommandTracing none() {
    return NoTracing.INSTANCE;
  }

  /** The do-nothing implementation of {@link #none()}. */
  final class NoTracing implements CommandTracing, TraceSpan {
    static final NoTracing INSTANCE = new NoTracing();

    private NoTracing() {}

    @Override
    public TraceSpan start(String name) {
      return this;
    }

    @Override
    public <T> Supplier<T> carried(Supplier<T> work) {
      return work;
    }

    @Override
    public TraceSpan set(String key, String value) {
      return this;
    }

    @Override
    public TraceSpan set(String key, long value) {
      return this;
    }

    @Override
    public TraceSpan set(String key, boolean value) {
      return this;
    }

    @Override
    public TraceSpan failed(Throwable error) {
      return this;
    }

    @Override
    public Optional<String> traceId() {
      return Optional.empty();
    }

    @Override
    public Optional<String> spanId() {
      return Optional.empty();
    }

    @Override
    public void close() {}
  }
}
