package org.eventcore.infrastructure.persistence;

/** Where the application server publishes EventCore's data source. */
public final class EventCoreDataSource {

  /**
   * JNDI name of the data source in the application's namespace: a resource reference that the
   * EAR's {@code application.xml} maps to the server's data source ({@code
   * java:jboss/datasources/EventCoreDS} on WildFly, configured by {@code server-config}; {@code
   * jdbc/EventCoreDS} on Payara, configured by {@code payara-config}; both from {@code
   * EVENTCORE_DB_URL}, {@code EVENTCORE_DB_USER} and {@code EVENTCORE_DB_PASSWORD}). The name
   * differs between the servers (ADR 0011); the code and {@code persistence.xml} use this one.
   */
  public static final String JNDI_NAME = "java:app/jdbc/EventCoreDS";

  private EventCoreDataSource() {}
}
