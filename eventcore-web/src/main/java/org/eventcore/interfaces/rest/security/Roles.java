package org.eventcore.interfaces.rest.security;

import java.util.List;

/**
 * The roles of the HTTP API. A caller's roles are the {@code groups} claim of its MicroProfile JWT
 * bearer token; the roles do not imply one another (a token carries every role its holder needs),
 * except that {@link #ADMIN} is allowed everywhere.
 *
 * <table>
 *   <caption>What each role may do</caption>
 *   <tr><th>Role</th><th>May</th></tr>
 *   <tr><td>{@value #READER}</td><td>read streams, the global feed (also as server-sent events),
 *       read models and projection status</td></tr>
 *   <tr><td>{@value #COMMANDER}</td><td>run commands (the domain endpoints that write)</td></tr>
 *   <tr><td>{@value #APPENDER}</td><td>append raw events through the event-store API, to streams
 *       the stream permissions allow and that are not reserved for commands</td></tr>
 *   <tr><td>{@value #OPERATOR}</td><td>operate projections (rebuild, resume) and read their status
 *       and the metrics</td></tr>
 *   <tr><td>{@value #ADMIN}</td><td>everything, including raw appends to streams reserved for
 *       command models</td></tr>
 * </table>
 */
public final class Roles {

  public static final String READER = "reader";
  public static final String COMMANDER = "commander";
  public static final String APPENDER = "appender";
  public static final String OPERATOR = "operator";
  public static final String ADMIN = "admin";

  /** Every role, in the order above. */
  public static final List<String> ALL = List.of(READER, COMMANDER, APPENDER, OPERATOR, ADMIN);

  private Roles() {}
}
