/**
 * Running commands: {@link org.eventcore.application.command.CommandProcessor} is one attempt in
 * plain Java (read, fold, decide, discover, append); {@link
 * org.eventcore.application.command.CommandExecutor} is the CDI entry point that runs attempts in
 * their own JTA transactions, retries them with MicroProfile Fault Tolerance and records metrics.
 */
package org.eventcore.application.command;
