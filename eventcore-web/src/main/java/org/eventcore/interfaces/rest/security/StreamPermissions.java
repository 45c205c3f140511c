package org.eventcore.interfaces.rest.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eventcore.api.StreamId;

/**
 * Which roles may read and append raw events to which streams, by stream-id prefix: the
 * MicroProfile Config key {@value #CONFIG_KEY}.
 *
 * <p>The value is a comma-separated list of rules {@code <operation>:<prefix>=<role>|<role>…},
 * where the operation is {@code read} or {@code append} and the prefix {@code *} stands for every
 * stream. For one stream and operation, the rule with the longest matching prefix decides; a stream
 * no rule matches is closed. Example: {@code read:*=reader|admin, append:*=admin,
 * append:notes-=appender|admin} lets readers read everything and appenders append only to streams
 * starting with {@code notes-}. The global feed carries every stream, so reading it takes read
 * permission on every stream: a role that every {@code read} rule lists.
 *
 * <p>These permissions come on top of the role an endpoint needs ({@link Roles}) and of the stream
 * prefixes reserved for commands, which only {@link Roles#ADMIN} may append to through the raw API.
 *
 * @param rules the rules in configured order
 */
public record StreamPermissions(List<Rule> rules) {

  /** The MicroProfile Config key. */
  public static final String CONFIG_KEY = "eventcore.security.stream-permissions";

  /** The default: every stream readable by readers, appendable by appenders, admin everywhere. */
  public static final String DEFAULT =
      "read:*="
          + Roles.READER
          + "|"
          + Roles.ADMIN
          + ",append:*="
          + Roles.APPENDER
          + "|"
          + Roles.ADMIN;

  /** The two operations a rule is about. */
  public enum Operation {
    READ,
    APPEND
  }

  /**
   * One rule: callers with any of {@code roles} may do {@code operation} on streams starting with
   * {@code prefix} (empty: every stream).
   */
  public record Rule(Operation operation, String prefix, Set<String> roles) {
    public Rule {
      roles = Set.copyOf(roles);
    }
  }

  public StreamPermissions {
    rules = List.copyOf(rules);
  }

  /**
   * Parses a configuration value.
   *
   * @throws IllegalArgumentException naming the rule that is not {@code
   *     read|append:<prefix>=<role>|…}
   */
  public static StreamPermissions parse(String value) {
    List<Rule> rules = new ArrayList<>();
    for (String text : value.split(",")) {
      String rule = text.strip();
      if (rule.isEmpty()) {
        continue;
      }
      int colon = rule.indexOf(':');
      int equals = rule.indexOf('=', colon + 1);
      if (colon < 0 || equals < 0) {
        throw invalid(rule);
      }
      Operation operation =
          switch (rule.substring(0, colon).strip()) {
            case "read" -> Operation.READ;
            case "append" -> Operation.APPEND;
            default -> throw invalid(rule);
          };
      String prefix = rule.substring(colon + 1, equals).strip();
      if (prefix.isEmpty()) {
        throw invalid(rule);
      }
      List<String> roles =
          List.of(rule.substring(equals + 1).split("\\|")).stream()
              .map(String::strip)
              .filter(r -> !r.isEmpty())
              .toList();
      rules.add(new Rule(operation, prefix.equals("*") ? "" : prefix, Set.copyOf(roles)));
    }
    return new StreamPermissions(rules);
  }

  private static IllegalArgumentException invalid(String rule) {
    return new IllegalArgumentException(
        CONFIG_KEY + ": '" + rule + "' is not read|append:<prefix or *>=<role>|<role>…");
  }

  /** Whether a caller with the roles {@code hasRole} accepts may do {@code operation} on stream. */
  public boolean allows(Operation operation, StreamId stream, Predicate<String> hasRole) {
    return rules.stream()
        .filter(r -> r.operation() == operation && stream.value().startsWith(r.prefix()))
        .max(Comparator.comparingInt(r -> r.prefix().length()))
        .map(r -> r.roles().stream().anyMatch(hasRole))
        .orElse(false);
  }

  /**
   * Whether the caller may read every stream (the global feed): there is a rule for every stream
   * ({@code read:*}) and every read rule allows the caller.
   */
  public boolean allowsReadingEverything(Predicate<String> hasRole) {
    List<Rule> reads = rules.stream().filter(r -> r.operation() == Operation.READ).toList();
    return reads.stream().anyMatch(r -> r.prefix().isEmpty())
        && reads.stream().allMatch(r -> r.roles().stream().anyMatch(hasRole));
  }

  /** Reads {@value #CONFIG_KEY} once per deployment (default {@link #DEFAULT}) and logs it. */
  @ApplicationScoped
  public static class Configuration {

    private static final Logger LOG = Logger.getLogger(StreamPermissions.class.getName());

    @Produces
    @Singleton
    StreamPermissions configured(@ConfigProperty(name = CONFIG_KEY) Optional<String> value) {
      StreamPermissions permissions = parse(value.orElse(DEFAULT));
      LOG.info(
          "Stream permissions of the raw event-store API ("
              + CONFIG_KEY
              + "): "
              + value.orElse(DEFAULT));
      return permissions;
    }
  }
}
