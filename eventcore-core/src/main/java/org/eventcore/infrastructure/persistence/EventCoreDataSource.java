package org.eventcore.infrastructure.persistence;

/** Where the application server publishes EventCore's data source. */
public final class EventCoreDataSource {

  /**
   * JNDI name of the data source (configured by {@code server-config}, from {@code
   * EVENTCORE_DB_URL}, {@code EVENTCORE_DB_USER} and {@code EVENTCORE_DB_PASSWORD}).
   */
  public static final String JNDI_NAME = "java:jboss/datasources/EventCoreDS";

  private EventCoreDataSource() {}
}
