package org.eventcore.interfaces.metrics;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The role check of {@code /metrics}, with the API's problem documents. */
final class MetricsAccess {

  static final String OPERATOR = "operator";
  static final String ADMIN = "admin";

  private MetricsAccess() {}

  /** Whether the caller may read the metrics; otherwise writes the 401 or 403 answer. */
  static boolean check(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getUserPrincipal() == null) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"eventcore\"");
      write(
          response,
          401,
          "unauthenticated",
          "Authentication required",
          "Send a valid bearer token: Authorization: Bearer <JWT>");
      return false;
    }
    if (request.isUserInRole(OPERATOR) || request.isUserInRole(ADMIN)) {
      return true;
    }
    write(
        response,
        403,
        "forbidden",
        "Forbidden",
        "The metrics need one of the roles operator, admin");
    return false;
  }

  private static void write(
      HttpServletResponse response, int status, String slug, String title, String detail)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response
        .getWriter()
        .write(
            "{\"type\":\"https://eventcore.org/problems/"
                + slug
                + "\",\"title\":\""
                + title
                + "\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail
                + "\",\"code\":\"CE005\"}");
  }
}
