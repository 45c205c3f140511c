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
 * answers are data for programs, never pages to render, frame or cache — except the operator
 * console's own files under {@value #CONSOLE_PATH}, a page that must run its script and style
 * sheet: they get {@link #CONSOLE_POLICY}, which allows only the WAR's own script, style sheet and
 * API calls (no inline script or style, nothing from elsewhere, no frames, no forms).
 *
 * <ul>
 *   <li>{@code X-Content-Type-Options: nosniff}
 *   <li>{@code Content-Security-Policy: default-src 'none'; frame-ancestors 'none'} (the console:
 *       {@link #CONSOLE_POLICY})
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

  /** Where the operator console's files are served (from {@code eventcore-web}'s resources). */
  public static final String CONSOLE_PATH = "/operator-console/";

  static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

  /**
   * The console's policy: its own script, style sheet and API calls (same origin), nothing else.
   */
  public static final String CONSOLE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
    boolean console =
        request.getRequestURI().startsWith(request.getContextPath() + CONSOLE_PATH)
            && request.getDispatcherType() == DispatcherType.REQUEST;
    response.setHeader("Content-Security-Policy", console ? CONSOLE_POLICY : API_POLICY);
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
