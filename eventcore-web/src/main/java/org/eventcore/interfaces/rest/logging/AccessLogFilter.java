package org.eventcore.interfaces.rest.logging;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eventcore.application.command.CommandCallContext;
import org.eventcore.application.logging.JsonLogLine;

/**
 * The access log: one JSON line per HTTP request served by the WAR, on the logger {@value #LOGGER},
 * and a correlation id for every request.
 *
 * <pre>{@code
 * {"timestamp":"2026-12-02T10:15:30.140Z","level":"INFO","logger":"org.eventcore.log.access",
 *  "event":"access","method":"POST","path":"/api/v1/transfers","status":200,"durationMs":14.1,
 *  "correlationId":"…","traceId":"…"}
 * }</pre>
 *
 * <ul>
 *   <li>{@code correlationId}: the request's {@code X-Correlation-Id} header (at most 128 visible
 *       ASCII characters; another value is replaced), else a new UUID. It is sent back in the
 *       response's {@code X-Correlation-Id} header, and the rest of the WAR sees it as the
 *       request's {@code X-Correlation-Id} header, so it is the correlation id that commands and
 *       raw appends of the request write into their events ({@link CommandCallContext}): the access
 *       line, the command line and the events meet on it;
 *   <li>{@code traceId}: the trace id of the request's W3C {@code traceparent} header, when it has
 *       a valid one;
 *   <li>no query string, no body, no user name (any of them may hold personal data); a response
 *       with status 500 or more is logged at {@code WARNING}, the others at {@code INFO}.
 * </ul>
 *
 * <p>{@code eventcore.log.access=false} turns the access log off (the correlation id is still
 * given). Declared in eventcore-web's {@code web-fragment.xml} for every path, before the WAR's own
 * filters. A request that the server's authentication refuses before the WAR sees it (a bad bearer
 * token) has no access line.
 */
public class AccessLogFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  public static final String LOGGER = JsonLogLine.LOGGERS + ".access";

  private static final Logger LOG = Logger.getLogger(LOGGER);

  private static final Pattern CORRELATION_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

  private static final String NO_TRACE = "0".repeat(32);

  private transient boolean enabled;

  @Override
  public void init(FilterConfig config) throws ServletException {
    super.init(config);
    enabled =
        ConfigProvider.getConfig()
            .getOptionalValue("eventcore.log.access", Boolean.class)
            .orElse(true);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long started = System.nanoTime();
    String correlationId = correlationIdOf(request);
    response.setHeader(CommandCallContext.CORRELATION_HEADER, correlationId);
    try {
      chain.doFilter(
          new WithCorrelationId(request, correlationId), new OneCorrelationHeader(response));
    } finally {
      if (enabled) {
        log(request, response.getStatus(), System.nanoTime() - started, correlationId);
      }
    }
  }

  /** The request as the WAR sees it: with the correlation id decided here as its header. */
  private static final class WithCorrelationId extends HttpServletRequestWrapper {
    private final String correlationId;

    WithCorrelationId(HttpServletRequest request, String correlationId) {
      super(request);
      this.correlationId = correlationId;
    }

    @Override
    public String getHeader(String name) {
      return isCorrelation(name) ? correlationId : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return isCorrelation(name)
          ? Collections.enumeration(List.of(correlationId))
          : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
      if (names.stream().noneMatch(WithCorrelationId::isCorrelation)) {
        names.add(CommandCallContext.CORRELATION_HEADER);
      }
      return Collections.enumeration(names);
    }

    private static boolean isCorrelation(String name) {
      return CommandCallContext.CORRELATION_HEADER.equalsIgnoreCase(name);
    }
  }

  /**
   * The response, where a resource that names the correlation id again (as {@code CommandEndpoint}
   * does) replaces the header instead of adding a second one.
   */
  private static final class OneCorrelationHeader extends HttpServletResponseWrapper {
    OneCorrelationHeader(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void addHeader(String name, String value) {
      if (WithCorrelationId.isCorrelation(name)) {
        super.setHeader(name, value);
      } else {
        super.addHeader(name, value);
      }
    }
  }

  private static String correlationIdOf(HttpServletRequest request) {
    String header = request.getHeader(CommandCallContext.CORRELATION_HEADER);
    if (header != null) {
      String trimmed = header.trim();
      if (CORRELATION_ID.matcher(trimmed).matches()) {
        return trimmed;
      }
    }
    return UUID.randomUUID().toString();
  }

  private static void log(
      HttpServletRequest request, int status, long nanos, String correlationId) {
    JsonLogLine.of(LOG, status >= 500 ? Level.WARNING : Level.INFO, "access")
        .ifPresent(
            line ->
                line.add("method", request.getMethod())
                    .add("path", request.getRequestURI())
                    .add("status", status)
                    .add("durationMs", Math.round(nanos / 10_000.0) / 100.0)
                    .add("correlationId", correlationId)
                    .add("traceId", traceIdOf(request))
                    .write());
  }

  private static Optional<String> traceIdOf(HttpServletRequest request) {
    String traceparent = request.getHeader("traceparent");
    if (traceparent == null) {
      return Optional.empty();
    }
    var matcher = TRACEPARENT.matcher(traceparent.trim());
    return matcher.matches() && !matcher.group(1).equals(NO_TRACE)
        ? Optional.of(matcher.group(1))
        : Optional.empty();
  }
}
