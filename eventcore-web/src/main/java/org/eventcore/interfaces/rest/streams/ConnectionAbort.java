package org.eventcore.interfaces.rest.streams;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the server under a request offers beyond the Servlet API to be rid of a client that has
 * stopped reading, reached by reflection so that the module depends on no server:
 *
 * <ul>
 *   <li>an <em>abort</em>: closing the connection at once, without waiting for what is still to be
 *       written. JAX-RS's {@code SseEventSink.close()} (RESTEasy's, at least) waits for the pending
 *       write, which such a client never lets finish. Undertow (WildFly): {@code
 *       HttpServerExchange.getConnection().close()}; Grizzly (Payara Server), for HTTP/1.x only:
 *       the connection's {@code closeSilently()}.
 *   <li>the <em>unsent bytes</em> of the connection: what the server has accepted from the
 *       application but not yet handed to the operating system. Jersey (Payara Server) completes
 *       {@code SseEventSink.send} as soon as the event is in Grizzly's write queue, so a send never
 *       stays incomplete for a client that has stopped reading, and the queue grows instead (up to
 *       four times the socket's send buffer, after which the sending thread blocks). Grizzly, for
 *       HTTP/1.x only: the size of the connection's asynchronous write queue. Undertow needs none:
 *       its sends complete only once written.
 * </ul>
 *
 * <p>Over HTTP/2 on Grizzly the connection is shared by the client's other streams, so neither is
 * offered there. Elsewhere there is none, and the caller closes the sink on a thread of its own.
 */
final class ConnectionAbort {

  private static final Logger LOG = Logger.getLogger(ConnectionAbort.class.getName());

  /** What a server offers for one request's connection; empty parts where it offers nothing. */
  record Controls(Optional<Runnable> abort, Optional<IntSupplier> unsentBytes) {
    static final Controls NONE = new Controls(Optional.empty(), Optional.empty());
  }

  private ConnectionAbort() {}

  /** The abort and the unsent-bytes probe of the connection of {@code request}, where offered. */
  static Controls controls(ServletRequest request) {
    Controls direct = find(request);
    if (direct.abort().isPresent() || !request.isAsyncStarted()) {
      return direct;
    }
    // JAX-RS may inject a proxy of the request; its asynchronous context has the request itself
    return find(request.getAsyncContext().getRequest());
  }

  private static Controls find(ServletRequest request) {
    ServletRequest unwrapped = request;
    while (unwrapped instanceof ServletRequestWrapper wrapper) {
      unwrapped = wrapper.getRequest();
    }
    Optional<Runnable> undertow = undertow(unwrapped);
    if (undertow.isPresent()) {
      return new Controls(undertow, Optional.empty());
    }
    return grizzly(unwrapped);
  }

  private static Optional<Runnable> undertow(ServletRequest request) {
    try {
      Method getExchange = request.getClass().getMethod("getExchange");
      Object exchange = getExchange.invoke(request);
      Object connection = exchange.getClass().getMethod("getConnection").invoke(exchange);
      Method close = connection.getClass().getMethod("close");
      return Optional.of(() -> invoke(close, connection));
    } catch (ReflectiveOperationException | RuntimeException notUndertow) {
      return Optional.empty();
    }
  }

  /**
   * Payara Server: the servlet request is Catalina's {@code RequestFacade}; its Catalina request
   * holds Grizzly's request, whose filter-chain context has the connection.
   */
  private static Controls grizzly(ServletRequest request) {
    if (request.getProtocol() == null || !request.getProtocol().startsWith("HTTP/1")) {
      return Controls.NONE;
    }
    try {
      Object catalina = request.getClass().getMethod("getUnwrappedCoyoteRequest").invoke(request);
      Object grizzly = catalina.getClass().getMethod("getCoyoteRequest").invoke(catalina);
      Object context = grizzly.getClass().getMethod("getContext").invoke(grizzly);
      Object connection = context.getClass().getMethod("getConnection").invoke(context);
      Method close = connection.getClass().getMethod("closeSilently");
      Object queue = connection.getClass().getMethod("getAsyncWriteQueue").invoke(connection);
      Method spaceInBytes = queue.getClass().getMethod("spaceInBytes");
      IntSupplier unsent =
          () -> {
            try {
              return (Integer) spaceInBytes.invoke(queue);
            } catch (ReflectiveOperationException | RuntimeException e) {
              LOG.log(Level.FINE, "Could not read a connection's write queue", e);
              return 0;
            }
          };
      return new Controls(Optional.of(() -> invoke(close, connection)), Optional.of(unsent));
    } catch (ReflectiveOperationException | RuntimeException notGrizzly) {
      return Controls.NONE;
    }
  }

  private static void invoke(Method close, Object connection) {
    try {
      close.invoke(connection);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.FINE, "Could not abort a connection", e);
    }
  }
}
