package org.eventcore.interfaces.rest.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per principal: up to {@code requests} at once, refilled at {@code requests} per
 * {@code period}. Thread-safe; the clock is given, so tests need no waiting.
 */
public final class RateLimiter {

  /** Tokens left after this request's turn, whether it got one, and when. */
  private record Bucket(double tokens, boolean granted, long updatedNanos) {}

  private final long requests;
  private final double tokensPerNano;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param requests the burst and the number of requests per period; 0 or less turns limiting off
   */
  public RateLimiter(long requests, Duration period, LongSupplier nanoTime) {
    if (requests > 0 && (period.isZero() || period.isNegative())) {
      throw new IllegalArgumentException("The rate-limit period must be positive, was " + period);
    }
    this.requests = requests;
    this.tokensPerNano = requests > 0 ? (double) requests / period.toNanos() : 0;
    this.nanoTime = nanoTime;
  }

  public boolean enabled() {
    return requests > 0;
  }

  /**
   * Takes one request from {@code principal}'s bucket.
   *
   * @return empty when the request may go on; otherwise how long until it would (at least one
   *     second, for {@code Retry-After})
   */
  public Optional<Duration> acquire(String principal) {
    if (!enabled()) {
      return Optional.empty();
    }
    long now = nanoTime.getAsLong();
    Bucket bucket =
        buckets.compute(
            principal,
            (name, old) -> {
              double tokens =
                  old == null
                      ? requests
                      : Math.min(
                          requests, old.tokens() + (now - old.updatedNanos()) * tokensPerNano);
              return tokens >= 1
                  ? new Bucket(tokens - 1, true, now)
                  : new Bucket(tokens, false, now);
            });
    if (bucket.granted()) {
      return Optional.empty();
    }
    long waitNanos = (long) Math.ceil((1 - bucket.tokens()) / tokensPerNano);
    return Optional.of(Duration.ofNanos(Math.max(waitNanos, 1_000_000_000L)));
  }
}
