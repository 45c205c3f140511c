package org.eventcore.it.handlers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** A fixed clock, so the test can see that the handler used the injected one. */
@ApplicationScoped
public class Clocks {

  public static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @Produces
  Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }
}
