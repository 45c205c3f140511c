package org.eventcore.interfaces.rest.security;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of the server's own 401 (declared in eventcore-web's {@code web-fragment.xml}):
 * when the server's MicroProfile JWT support refuses a bearer token before the request reaches the
 * API, the answer is the same {@code application/problem+json} as {@link
 * SecurityProblems#unauthenticated()}.
 */
@WebServlet(name = "eventcore-unauthenticated", urlPatterns = "/eventcore-problems/unauthenticated")
public class UnauthenticatedErrorPage extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getDispatcherType() != jakarta.servlet.DispatcherType.ERROR) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", SecurityProblems.BEARER_CHALLENGE);
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    response
        .getWriter()
        .write(
            "{\"type\":\"https://eventcore.org/problems/unauthenticated\","
                + "\"title\":\"Authentication required\",\"status\":401,"
                + "\"detail\":\"The bearer token was refused (malformed, expired, wrongly signed,"
                + " unsigned, or of another issuer or audience). Send a valid one:"
                + " Authorization: Bearer <JWT>\",\"code\":\"CE005\"}");
  }
}
