package org.eventcore.infrastructure.persistence;

/** Where the application server publishes EventCore's data source. */
public final class EventCoreDataSource {

  /**
   * JNDI name of the data source, the same on every server (ADR 0011): on WildFly a naming binding
   * to the data source {@code java:jboss/datasources/EventCoreDS} (both made by {@code
   * server-config}'s {@code eventcore.cli}); on Payara the JDBC resource of the domain's pool
   * {@code EventCorePool} (made by {@code payara-config}). Both from {@code EVENTCORE_DB_URL},
   * {@code EVENTCORE_DB_USER}, {@code EVENTCORE_DB_PASSWORD} and the pool settings. The code and
   * {@code persistence.xml} use this name; an application's EAR needs no mapping of its own.
   */
  public static final String JNDI_NAME = "java:global/jdbc/EventCoreDS";

  private EventCoreDataSource() {}
}
