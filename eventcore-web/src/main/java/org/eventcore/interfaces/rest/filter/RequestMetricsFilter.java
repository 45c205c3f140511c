package org.eventcore.interfaces.rest.filter;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Times every API request: {@code eventcore_http_requests_seconds{method, endpoint, status}}, where
 * {@code endpoint} is the resource method ({@code TransferResource.transfer}) or {@code unmatched},
 * so that paths with ids do not explode the number of series.
 */
@Provider
public class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

  private static final String STARTED = RequestMetricsFilter.class.getName() + ".started";

  @Inject MetricRegistry metrics;
  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(STARTED, System.nanoTime());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object started = request.getProperty(STARTED);
    if (!(started instanceof Long start)) {
      return;
    }
    String endpoint =
        resource == null || resource.getResourceMethod() == null
            ? "unmatched"
            : resource.getResourceClass().getSimpleName()
                + "."
                + resource.getResourceMethod().getName();
    metrics
        .timer(
            "eventcore.http.requests",
            new Tag("method", request.getMethod()),
            new Tag("endpoint", endpoint),
            new Tag("status", Integer.toString(response.getStatus())))
        .update(Duration.ofNanos(System.nanoTime() - start));
  }
}
