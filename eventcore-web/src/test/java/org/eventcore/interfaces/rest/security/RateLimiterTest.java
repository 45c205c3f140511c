package org.eventcore.interfaces.rest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket on a clock the test moves: no waiting, no timing assumptions. */
class RateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RateLimiter limiter = new RateLimiter(3, Duration.ofSeconds(30), now::get);

  @Test
  void aBurstUpToTheLimitPassesThenTheCallerWaitsForTheRefill() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("alice")).isEmpty();
    }
    // one request comes back every 10 s
    assertThat(limiter.acquire("alice")).contains(Duration.ofSeconds(10));
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(limiter.acquire("alice")).contains(Duration.ofSeconds(6));
    now.addAndGet(Duration.ofSeconds(6).toNanos());
    assertThat(limiter.acquire("alice")).isEmpty();
    assertThat(limiter.acquire("alice")).isPresent();
  }

  @Test
  void eachPrincipalHasItsOwnBucket() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("alice")).isEmpty();
    }
    assertThat(limiter.acquire("alice")).isPresent();
    assertThat(limiter.acquire("bob")).isEmpty();
  }

  @Test
  void refusedRequestsDoNotUseTheBudgetAndAnIdleBucketFillsOnlyToTheLimit() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("alice");
    }
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.acquire("alice")).isPresent();
    }
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(limiter.acquire("alice")).isEmpty();

    now.addAndGet(Duration.ofHours(1).toNanos());
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("alice")).isEmpty();
    }
    assertThat(limiter.acquire("alice")).isPresent();
  }

  @Test
  void theWaitIsAtLeastOneSecondForRetryAfter() {
    RateLimiter fast = new RateLimiter(1000, Duration.ofSeconds(1), now::get);
    for (int i = 0; i < 1000; i++) {
      assertThat(fast.acquire("bot")).isEmpty();
    }
    assertThat(fast.acquire("bot")).contains(Duration.ofSeconds(1));
  }

  @Test
  void zeroRequestsTurnsTheLimitOff() {
    RateLimiter off = new RateLimiter(0, Duration.ofSeconds(1), now::get);
    assertThat(off.enabled()).isFalse();
    for (int i = 0; i < 10_000; i++) {
      assertThat(off.acquire("anyone")).isEmpty();
    }
  }
}
