package org.eventcore.interfaces.rest.filter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.eventcore.interfaces.rest.problem.Problem;

/**
 * Refuses, with a 400 problem document, requests that no resource can be given:
 *
 * <ul>
 *   <li>an {@code Accept} or {@code Content-Type} that is not a media type (say {@code Accept:
 *       garbage/}, {@code ;;;} or {@code text/html;q=high}) — a servlet filter, because the JAX-RS
 *       runtime (RESTEasy) parses these headers before any JAX-RS filter or exception mapper runs
 *       and answers the servlet container's HTML error page;
 *   <li>a path or query with the NUL character ({@code %00}): PostgreSQL cannot store or compare it
 *       in text, so a read-model query with {@code ?owner=%00} failed with 500.
 * </ul>
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class MalformedRequestFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    for (String header : List.of(HttpHeaders.ACCEPT, HttpHeaders.CONTENT_TYPE)) {
      for (String value : Collections.list(request.getHeaders(header))) {
        if (!valid(header, value)) {
          refuse(response, header, "The " + header + " header is not a valid media type");
          return;
        }
      }
    }
    if (hasNul(request.getRequestURI()) || hasNul(request.getQueryString())) {
      refuse(response, "", "The path and query must not contain the NUL character (%00)");
      return;
    }
    chain.doFilter(request, response);
  }

  private static boolean hasNul(String encoded) {
    return encoded != null
        && (encoded.indexOf('\0') >= 0
            || encoded.toLowerCase(java.util.Locale.ROOT).contains("%00"));
  }

  private static void refuse(HttpServletResponse response, String field, String detail)
      throws IOException {
    Response problem =
        Problem.response(
            400,
            "invalid-request",
            "CE001",
            "Invalid request",
            detail,
            body -> {
              if (!field.isEmpty()) {
                body.add("field", field);
              }
            });
    byte[] body = problem.getEntity().toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(400);
    response.setContentType(Problem.MEDIA_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static boolean valid(String header, String value) {
    if (header.equals(HttpHeaders.CONTENT_TYPE)) {
      return value.isBlank() || mediaType(value.trim());
    }
    for (String range : value.split(",")) {
      if (!range.isBlank() && !mediaType(range.trim())) {
        return false;
      }
    }
    return true;
  }

  private static boolean mediaType(String text) {
    try {
      MediaType type = MediaType.valueOf(text);
      if (type.getType().isEmpty() || type.getSubtype().isEmpty()) {
        return false;
      }
      String quality = type.getParameters().get("q");
      if (quality != null) {
        float q = Float.parseFloat(quality);
        return q >= 0 && q <= 1;
      }
      return true;
    } catch (IllegalArgumentException e) { // NumberFormatException too
      return false;
    }
  }
}
