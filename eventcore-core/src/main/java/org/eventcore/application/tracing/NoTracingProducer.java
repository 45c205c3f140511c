package org.eventcore.application.tracing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Makes {@link CommandTracing#none()} the {@link CommandTracing} bean unless an alternative with a
 * priority — the OpenTelemetry adapter, where the server provides OpenTelemetry — replaces it.
 */
@ApplicationScoped
public class NoTracingProducer {

  @Produces
  CommandTracing none() {
    return CommandTracing.none();
  }
}
