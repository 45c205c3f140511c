package org.eventcore.interfaces.rest.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eventcore.api.ErrorCode;
import org.eventcore.interfaces.rest.problem.Problem;

/**
 * Limits the requests of each authenticated principal: {@value #REQUESTS_KEY} requests per {@value
 * #PERIOD_KEY} seconds (a token bucket: that many at once, refilled evenly over the period). Past
 * the limit the answer is 429 {@code application/problem+json} with {@code Retry-After} (seconds),
 * and nothing runs. {@code 0} requests (the framework's default) turns the limit off. Runs after
 * the access check, so unauthenticated requests are refused (401) without using anyone's budget.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 100)
public class RateLimitFilter implements ContainerRequestFilter {

  public static final String REQUESTS_KEY = "eventcore.security.rate-limit.requests";
  public static final String PERIOD_KEY = "eventcore.security.rate-limit.period-seconds";

  private final RateLimiter limiter = configured();

  private static RateLimiter configured() {
    Config config = ConfigProvider.getConfig();
    return new RateLimiter(
        config.getOptionalValue(REQUESTS_KEY, Long.class).orElse(0L),
        Duration.ofSeconds(config.getOptionalValue(PERIOD_KEY, Long.class).orElse(1L)),
        System::nanoTime);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Principal caller =
        request.getSecurityContext() == null
            ? null
            : request.getSecurityContext().getUserPrincipal();
    if (caller == null || !limiter.enabled()) {
      return;
    }
    Optional<Duration> wait = limiter.acquire(caller.getName());
    if (wait.isPresent()) {
      long seconds = (wait.get().toMillis() + 999) / 1000;
      request.abortWith(
          Response.fromResponse(
                  Problem.response(
                      429,
                      "too-many-requests",
                      ErrorCode.CE010.name(),
                      ErrorCode.CE010.title(),
                      "Too many requests from " + caller.getName() + "; retry in " + seconds + " s",
                      body -> body.add("retryAfterSeconds", seconds)))
              .header("Retry-After", Long.toString(seconds))
              .build());
    }
  }
}
