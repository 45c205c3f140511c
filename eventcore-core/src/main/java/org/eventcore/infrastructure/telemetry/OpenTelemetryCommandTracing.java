package org.eventcore.infrastructure.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Supplier;
import org.eventcore.application.tracing.CommandTracing;
import org.eventcore.application.tracing.TraceSpan;

/**
 * The command's spans through MicroProfile Telemetry's {@link Tracer} (the server's OpenTelemetry,
 * configured with the {@code otel.*} MicroProfile Config properties: off unless {@code
 * otel.sdk.disabled=false}). Spans are children of {@link Context#current()}, which holds the HTTP
 * request's server span (with the W3C {@code traceparent} of the request as its parent) while a
 * resource runs the command.
 *
 * <p>Without a {@link Tracer} bean (a server whose OpenTelemetry API is visible but that has no
 * MicroProfile Telemetry) it does nothing.
 */
@ApplicationScoped
@Alternative
@Priority(100)
public class OpenTelemetryCommandTracing implements CommandTracing {

  @Inject Instance<Tracer> tracers;

  private volatile Tracer tracer;

  @Override
  public TraceSpan start(String name) {
    Tracer found = tracer();
    if (found == null) {
      return CommandTracing.none().start(name);
    }
    Span span = found.spanBuilder(name).setParent(Context.current()).startSpan();
    return new OpenTelemetrySpan(span, span.makeCurrent());
  }

  @Override
  public <T> Supplier<T> carried(Supplier<T> work) {
    return Context.current().wrapSupplier(work);
  }

  private Tracer tracer() {
    Tracer found = tracer;
    if (found == null && tracers.isResolvable()) {
      found = tracers.get();
      tracer = found;
    }
    return found;
  }

  private record OpenTelemetrySpan(Span span, Scope scope) implements TraceSpan {

    @Override
    public TraceSpan set(String key, String value) {
      span.setAttribute(key, value);
      return this;
    }

    @Override
    public TraceSpan set(String key, long value) {
      span.setAttribute(key, value);
      return this;
    }

    @Override
    public TraceSpan set(String key, boolean value) {
      span.setAttribute(key, value);
      return this;
    }

    @Override
    public TraceSpan failed(Throwable error) {
      span.setAttribute("error.type", error.getClass().getSimpleName());
      span.setStatus(StatusCode.ERROR);
      return this;
    }

    @Override
    public Optional<String> traceId() {
      SpanContext context = span.getSpanContext();
      return context.isValid() ? Optional.of(context.getTraceId()) : Optional.empty();
    }

    @Override
    public Optional<String> spanId() {
      SpanContext context = span.getSpanContext();
      return context.isValid() ? Optional.of(context.getSpanId()) : Optional.empty();
    }

    @Override
    public void close() {
      try {
        scope.close();
      } finally {
        span.end();
      }
    }
  }
}
