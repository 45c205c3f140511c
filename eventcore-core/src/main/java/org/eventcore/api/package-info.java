/**
 * The public model of EventCore: stream identities and versions, events as written and as stored,
 * expectations, and the {@link org.eventcore.api.EventStore} port.
 *
 * <p>Nothing here depends on Jakarta EE or on a storage technology; an ArchUnit test keeps it so.
 * Types are small immutable values that validate themselves on construction.
 */
package org.eventcore.api;
