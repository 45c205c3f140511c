package org.eventcore.interfaces.metrics;

import io.smallrye.metrics.MetricsRequestHandler;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.stream.Stream;

/**
 * Serves {@code /metrics} (all scopes) and {@code /metrics?scope=application} in the Prometheus
 * text format, through SmallRye Metrics' request handler. Registered by {@link
 * MetricsServletRegistration} only where the deployment bundles SmallRye Metrics (WildFly).
 */
public class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient MetricsRequestHandler handler;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    Stream<String> accept = Collections.list(request.getHeaders("Accept")).stream();
    handler.handleRequest(
        path,
        "/metrics",
        request.getMethod(),
        accept,
        request.getParameterMap(),
        (status, message, headers) -> {
          headers.forEach(response::addHeader);
          response.setStatus(status);
          response.getWriter().write(message);
        });
  }
}
