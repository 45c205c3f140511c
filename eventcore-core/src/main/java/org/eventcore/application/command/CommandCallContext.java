package org.eventcore.application.command;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Optional;
import java.util.UUID;
import org.eventcore.api.EventMetadata;

/**
 * Completes a command's metadata from the context of its caller, so that nobody passes it by hand:
 * what the caller's {@link CommandOptions#metadata()} leaves empty is taken from the HTTP request
 * being served (in any WAR of the application, through CDI's built-in {@link HttpServletRequest})
 * and from the authenticated caller:
 *
 * <ul>
 *   <li>correlation id: the request's {@value #CORRELATION_HEADER} header; else one generated for
 *       the request and shared by every command it runs; else, outside a request, a new one (every
 *       event has one);
 *   <li>causation id: the request's {@value #CAUSATION_HEADER} header, if any (a command caused by
 *       an event says so with {@link CommandOptions#causedBy});
 *   <li>user id: the name of the caller's {@link Principal} when someone is authenticated (never
 *       the container's anonymous principal).
 * </ul>
 *
 * It must be called in the caller's thread: {@link CommandExecutor#executeAsync} completes the
 * metadata before it hands the command to another thread.
 */
@ApplicationScoped
public class CommandCallContext {

  public static final String CORRELATION_HEADER = "X-Correlation-Id";
  public static final String CAUSATION_HEADER = "X-Causation-Id";

  /** Where the correlation id generated for a request without one is kept. */
  static final String CORRELATION_ATTRIBUTE = "org.eventcore.correlation-id";

  /** The name WildFly and Payara give the principal of an unauthenticated caller. */
  static final String ANONYMOUS = "anonymous";

  @Inject Instance<HttpServletRequest> request;
  @Inject Instance<Principal> principal;

  public EventMetadata complete(EventMetadata given) {
    EventMetadata metadata = given;
    Optional<HttpServletRequest> current = currentRequest();
    if (metadata.correlationId().isEmpty()) {
      metadata =
          metadata.withCorrelationId(
              current.map(CommandCallContext::correlationOf).orElseGet(CommandCallContext::newId));
    }
    if (metadata.causationId().isEmpty()) {
      Optional<String> causation = current.flatMap(r -> header(r, CAUSATION_HEADER));
      if (causation.isPresent()) {
        metadata = metadata.withCausationId(causation.get());
      }
    }
    if (metadata.userId().isEmpty()) {
      Optional<String> user = authenticatedUser();
      if (user.isPresent()) {
        metadata = metadata.withUserId(user.get());
      }
    }
    return metadata;
  }

  private static String correlationOf(HttpServletRequest request) {
    Optional<String> header = header(request, CORRELATION_HEADER);
    if (header.isPresent()) {
      return header.get();
    }
    Object generated = request.getAttribute(CORRELATION_ATTRIBUTE);
    if (generated instanceof String id) {
      return id;
    }
    String id = newId();
    request.setAttribute(CORRELATION_ATTRIBUTE, id);
    return id;
  }

  private static Optional<String> header(HttpServletRequest request, String name) {
    String value = request.getHeader(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }

  private Optional<HttpServletRequest> currentRequest() {
    try {
      if (!request.isResolvable()) {
        return Optional.empty();
      }
      HttpServletRequest current = request.get();
      current.getMethod(); // touches the request: throws when no request is being served
      return Optional.of(current);
    } catch (RuntimeException noRequest) { // no request context, or no HTTP request in it
      return Optional.empty();
    }
  }

  private Optional<String> authenticatedUser() {
    try {
      Principal caller = principal.isResolvable() ? principal.get() : null;
      String name = caller == null ? null : caller.getName();
      return name == null || name.isBlank() || ANONYMOUS.equals(name)
          ? Optional.empty()
          : Optional.of(name);
    } catch (RuntimeException noSecurityContext) {
      return Optional.empty();
    }
  }
}
