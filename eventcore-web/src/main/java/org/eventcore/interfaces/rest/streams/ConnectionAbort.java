package org.eventcore.interfaces.rest.streams;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes the connection of a request at once, without waiting for what is still to be written — the
 * only way to be rid of a client that has stopped reading: JAX-RS's {@code SseEventSink.close()}
 * (RESTEasy's, at least) waits for the pending write, which such a client never lets finish. The
 * Servlet API has no such call, so this uses the server's own where it is known: Undertow (WildFly)
 * {@code HttpServerExchange.getConnection().close()}, reached by reflection so that the module
 * depends on no server. Elsewhere there is none, and the caller closes the sink on a thread of its
 * own instead.
 */
final class ConnectionAbort {

  private static final Logger LOG = Logger.getLogger(ConnectionAbort.class.getName());

  private ConnectionAbort() {}

  /** How to abort the connection of {@code request}, when this server allows it. */
  static Optional<Runnable> of(ServletRequest request) {
    Optional<Runnable> direct = undertow(request);
    if (direct.isPresent() || !request.isAsyncStarted()) {
      return direct;
    }
    // JAX-RS may inject a proxy of the request; its asynchronous context has the request itself
    return undertow(request.getAsyncContext().getRequest());
  }

  private static Optional<Runnable> undertow(ServletRequest request) {
    ServletRequest unwrapped = request;
    while (unwrapped instanceof ServletRequestWrapper wrapper) {
      unwrapped = wrapper.getRequest();
    }
    try {
      Method getExchange = unwrapped.getClass().getMethod("getExchange");
      Object exchange = getExchange.invoke(unwrapped);
      Object connection = exchange.getClass().getMethod("getConnection").invoke(exchange);
      Method close = connection.getClass().getMethod("close");
      return Optional.of(
          () -> {
            try {
              close.invoke(connection);
            } catch (ReflectiveOperationException | RuntimeException e) {
              LOG.log(Level.FINE, "Could not abort a connection", e);
            }
          });
    } catch (ReflectiveOperationException | RuntimeException notUndertow) {
      return Optional.empty();
    }
  }
}
