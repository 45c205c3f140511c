/**
 * Reusing folded command states, so that the cost of a command does not grow with the length of its
 * streams (ADR 0005): a bounded in-memory {@link
 * org.eventcore.application.command.state.StateCache} keyed by the command's fold and its ordered
 * streams, persisted {@link org.eventcore.application.command.state.Snapshot snapshots} for cold
 * starts, and {@link org.eventcore.application.command.state.CommandStates}, which the command
 * processor asks for the best known starting state and tells about every fold it completes.
 *
 * <p>A reused state is never trusted beyond what it says: it carries the stream versions it
 * reflects, and the processor reads only the events after them. It only ever holds states folded
 * from committed events.
 */
package org.eventcore.application.command.state;
