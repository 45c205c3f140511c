/**
 * An event store in memory with the same semantics as the PostgreSQL one, for tests and for running
 * commands without a database. Not durable.
 */
package org.eventcore.infrastructure.persistence.memory;
