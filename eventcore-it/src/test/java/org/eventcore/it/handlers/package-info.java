/**
 * A user's own application, as a WAR added to the built EAR by {@code CommandHandlersIT}: a command
 * record with a CDI handler bean that injects configuration, a clock and other beans; an
 * application JPA entity written in the same transaction as a command; after-commit observers of
 * the committed events; and a JAX-RS resource through which the test drives it.
 */
package org.eventcore.it.handlers;
