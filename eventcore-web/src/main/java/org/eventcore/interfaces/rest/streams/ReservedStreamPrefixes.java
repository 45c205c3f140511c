package org.eventcore.interfaces.rest.streams;

import static java.util.stream.Collectors.joining;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;
import org.eventcore.interfaces.rest.problem.ReservedStreamException;

/**
 * The stream-id prefixes that belong to command models, which the generic event-store API ({@code
 * POST /api/v1/streams/{id}/events}, {@code POST /api/v1/events}) must not write to.
 *
 * <p>A command model keeps its rules in its commands: an {@code AccountOpened} appended by hand to
 * {@code account-alice} would skip every banking rule (an account opened twice, a negative
 * balance). So a raw append that would write events to a stream whose id starts with a reserved
 * prefix is refused as a whole — 403, {@link org.eventcore.api.ErrorCode#ES006}, nothing written,
 * also not to the other streams of a multi-stream append. What stays allowed:
 *
 * <ul>
 *   <li>reading a reserved stream (and its events in the feed);
 *   <li>a multi-stream append that only <em>checks</em> a reserved stream's version (no events for
 *       it): that is a read;
 *   <li>the commands themselves, which write through the store directly, not through this API.
 * </ul>
 *
 * <p>Matching is by plain, case-sensitive prefix of the stream id. The prefixes come from the
 * MicroProfile Config key {@value #CONFIG_KEY}, a comma-separated list (blanks and whitespace
 * around entries are ignored). The framework reserves nothing by default; an application reserves
 * its own command streams in its {@code META-INF/microprofile-config.properties} (the service does
 * so for {@code account-}, {@code order-}, {@code inventory-}, {@code shipment-}), and an operator
 * overrides the list with a system property or {@code EVENTCORE_STREAMS_RESERVED_PREFIXES} — read
 * once per deployment, and logged, when the raw API is first used.
 *
 * @param prefixes the reserved prefixes, none blank, without duplicates, in configured order
 */
public record ReservedStreamPrefixes(List<String> prefixes) {

  /** The MicroProfile Config key with the comma-separated reserved prefixes. */
  public static final String CONFIG_KEY = "eventcore.streams.reserved-prefixes";

  public ReservedStreamPrefixes {
    prefixes = List.copyOf(prefixes);
    for (String prefix : prefixes) {
      if (prefix.isBlank() || !prefix.equals(prefix.strip())) {
        throw new IllegalArgumentException(
            "A reserved stream prefix is not blank and has no surrounding spaces: '"
                + prefix
                + "'");
      }
    }
    if (prefixes.stream().distinct().count() != prefixes.size()) {
      throw new IllegalArgumentException("Reserved stream prefixes repeat: " + prefixes);
    }
  }

  /** Nothing reserved: every stream may be appended to through the raw API. */
  public static ReservedStreamPrefixes none() {
    return new ReservedStreamPrefixes(List.of());
  }

  /**
   * The prefixes of a configuration value such as {@code "account-, order-"}: split at commas,
   * trimmed, blanks and repeats dropped.
   */
  public static ReservedStreamPrefixes parse(String commaSeparated) {
    List<String> prefixes = new ArrayList<>();
    Arrays.stream(commaSeparated.split(","))
        .map(String::strip)
        .filter(p -> !p.isEmpty() && !prefixes.contains(p))
        .forEach(prefixes::add);
    return new ReservedStreamPrefixes(prefixes);
  }

  /** The prefix that reserves {@code streamId} (the longest, if several match), if any. */
  public Optional<String> reservingPrefix(StreamId streamId) {
    return prefixes.stream()
        .filter(streamId.value()::startsWith)
        .max(Comparator.comparingInt(String::length));
  }

  /**
   * Refuses a raw append to one stream (the stream named in the path), whatever its events and
   * expectation.
   *
   * @throws ReservedStreamException if the stream is reserved
   */
  public void checkRawAppend(StreamId streamId) {
    reservingPrefix(streamId)
        .ifPresent(
            prefix -> {
              throw new ReservedStreamException(streamId, prefix);
            });
  }

  /**
   * Refuses a raw multi-stream append that would write events to a reserved stream; streams that
   * are only checked (no events) are not written and pass.
   *
   * @throws ReservedStreamException naming the first reserved stream written, in request order
   */
  public void checkRawAppend(List<StreamWrite> writes) {
    writes.stream()
        .filter(write -> !write.events().isEmpty())
        .forEach(write -> checkRawAppend(write.streamId()));
  }

  /** Reads {@value #CONFIG_KEY} once per deployment and makes the prefixes injectable. */
  @ApplicationScoped
  public static class Configuration {

    private static final Logger LOG = Logger.getLogger(ReservedStreamPrefixes.class.getName());

    @Produces
    @Singleton
    ReservedStreamPrefixes configured(@ConfigProperty(name = CONFIG_KEY) Optional<String> value) {
      ReservedStreamPrefixes reserved = value.map(ReservedStreamPrefixes::parse).orElse(none());
      LOG.info(
          reserved.prefixes().isEmpty()
              ? "The raw event-store API may append to every stream (" + CONFIG_KEY + " is empty)"
              : "The raw event-store API refuses to append to streams reserved for commands: "
                  + reserved.prefixes().stream().map(p -> p + "*").collect(joining(", "))
                  + " ("
                  + CONFIG_KEY
                  + ")");
      return reserved;
    }
  }
}
