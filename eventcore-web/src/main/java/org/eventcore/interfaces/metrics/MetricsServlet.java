package org.eventcore.interfaces.metrics;

import io.smallrye.metrics.MetricsRequestHandler;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves {@code /metrics} (all scopes) and {@code /metrics?scope=application} in the Prometheus
 * text format, through SmallRye Metrics' request handler. Only to callers with the role {@code
 * operator} or {@code admin} (a bearer token, as for the API), unless {@value #PUBLIC_KEY} is
 * {@code true}. Registered by {@link MetricsServletRegistration} only where the deployment bundles
 * SmallRye Metrics (WildFly).
 */
public class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /**
   * {@code true}: anyone who reaches the port reads the metrics (a Prometheus without a token);
   * {@code false} (the default): only callers with the role {@code operator} or {@code admin}.
   */
  public static final String PUBLIC_KEY = "eventcore.security.metrics.public";

  @Inject transient MetricsRequestHandler handler;

  @Inject
  @ConfigProperty(name = PUBLIC_KEY, defaultValue = "false")
  transient boolean open;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!open && !MetricsAccess.check(request, response)) {
      return;
    }
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
