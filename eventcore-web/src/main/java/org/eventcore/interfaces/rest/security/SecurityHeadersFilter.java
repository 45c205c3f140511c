package org.eventcore.interfaces.rest.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Security headers on every response of the WAR (the API, {@code /metrics}, error pages): the
 * answers are data for programs, never pages to render, frame or cache.
 *
 * <ul>
 *   <li>{@code X-Content-Type-Options: nosniff}
 *   <li>{@code Content-Security-Policy: default-src 'none'; frame-ancestors 'none'}
 *   <li>{@code X-Frame-Options: DENY}
 *   <li>{@code Referrer-Policy: no-referrer}
 *   <li>{@code Cache-Control: no-store} (unless the resource set its own)
 *   <li>{@code Strict-Transport-Security: max-age=31536000} on requests that came over HTTPS
 * </ul>
 */
@WebFilter(
    filterName = "eventcore-security-headers",
    urlPatterns = "/*",
    asyncSupported = true,
    dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC})
public class SecurityHeadersFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    apply(request, response);
    chain.doFilter(request, response);
  }

  /** Sets the headers (before the response is committed). */
  public static void apply(HttpServletRequest request, HttpServletResponse response) {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    if (!response.containsHeader("Cache-Control")) {
      response.setHeader("Cache-Control", "no-store");
    }
    if (request.isSecure()) {
      response.setHeader("Strict-Transport-Security", "max-age=31536000");
    }
  }
}
