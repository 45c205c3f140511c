/**
 * Commands with dynamic consistency boundaries: a {@link org.eventcore.api.command.Command}
 * declares the streams it needs ({@link org.eventcore.api.command.Stream} components or a {@code
 * streams()} method), folds their events into its state, and decides which events to emit through a
 * {@link org.eventcore.api.command.CommandContext}. The executor reads, folds, decides and appends
 * atomically, checking every stream it read, and retries the whole on a conflict.
 *
 * <p>Plain Java, no container types: commands and their domain live without a server.
 */
package org.eventcore.api.command;
