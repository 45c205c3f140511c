package org.eventcore.application.command;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.TransientEventStoreException;
import org.eventcore.api.command.Command;

/**
 * The fault-tolerance policy around command attempts. It has no transaction of its own: every
 * attempt it starts runs in a new one ({@link CommandAttempt}), so a retry reads fresh state.
 *
 * <p>Every policy can be changed with MicroProfile Config, e.g. {@code
 * org.eventcore.application.command.RetryingCommandRunner/run/Retry/maxRetries=10}.
 */
@ApplicationScoped
public class RetryingCommandRunner {

  @Inject CommandAttempt attempt;

  /**
   * Runs attempts until one succeeds.
   *
   * <ul>
   *   <li>{@code @Retry}: a version conflict or a transient store failure re-runs the whole
   *       read-decide-append, up to 5 more times, 50 ms apart with up to 50 ms of jitter; any other
   *       failure (a rejected command, a bug) ends at once.
   *   <li>{@code @Timeout}: an attempt that takes longer than 30 s is abandoned (and rolled back).
   *   <li>{@code @Bulkhead}: at most 64 attempts run at once; beyond that a call is refused
   *       immediately rather than queued.
   * </ul>
   *
   * @param attempts records the attempts made and their conflicts, for the caller's metrics
   */
  @Retry(
      maxRetries = 5,
      delay = 50,
      jitter = 50,
      maxDuration = 60_000,
      retryOn = {StreamVersionConflictException.class, TransientEventStoreException.class})
  @Timeout(30_000)
  @Bulkhead(64)
  public <S, E> CommandResult run(
      Command<S, E> command, CommandOptions options, Attempts attempts) {
    attempts.started();
    try {
      return attempt.run(command, options);
    } catch (StreamVersionConflictException conflict) {
      attempts.conflicted();
      throw conflict;
    }
  }
}
