package org.eventcore.infrastructure.json;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once. {@code jakarta.json.JSON.createReader(…)} and its siblings
 * look the provider up again on every call (a service-loader search, through JBoss Modules in
 * WildFly); on the paths that handle every event that search cost more than the rest of the read
 * (measured by the benchmark's profile). Use {@link #JSON} instead of {@code Json}.
 */
public final class JsonProviders {

  /** Thread-safe: readers, writers and builders it creates are not, the provider is. */
  public static final JsonProvider JSON = JsonProvider.provider();

  private JsonProviders() {}
}
