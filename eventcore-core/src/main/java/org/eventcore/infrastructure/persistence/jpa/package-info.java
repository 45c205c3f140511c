/**
 * The event store on PostgreSQL through JPA (Hibernate): {@link
 * org.eventcore.infrastructure.persistence.jpa.JpaEventStore} and its two mapped tables, stream
 * heads and events. It joins the caller's JTA transaction and translates every database failure
 * once, here, into the exceptions of {@link org.eventcore.api}.
 */
package org.eventcore.infrastructure.persistence.jpa;
