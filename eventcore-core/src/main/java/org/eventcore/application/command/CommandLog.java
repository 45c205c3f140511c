package org.eventcore.application.command;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eventcore.api.CommitFailedException;
import org.eventcore.api.ErrorCode;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.CommandException;
import org.eventcore.application.logging.JsonLogLine;

/**
 * The command log: one JSON line per command execution on the logger {@value #LOGGER}, written when
 * the execution ends, whatever its outcome.
 *
 * <pre>{@code
 * {"timestamp":"2026-12-02T10:15:30.123Z","level":"INFO","logger":"org.eventcore.log.command",
 *  "event":"command","command":"TransferMoney","outcome":"success","attempts":1,"events":2,
 *  "durationMs":12.4,"streams":["account-alice","account-bob"],"streamCount":2,
 *  "correlationId":"…","causationId":"…","traceId":"…"}
 * }</pre>
 *
 * <ul>
 *   <li>{@code outcome}: {@code success}, {@code rejected} (validation or business rule), {@code
 *       conflict-exhausted}, {@code failed} — as the metric {@code
 *       eventcore_command_outcomes_total};
 *   <li>a failure ({@code failed}, {@code conflict-exhausted}) is logged at {@code WARNING} with
 *       {@code errorType} (the exception's simple class name) and {@code errorCode} (CE…/ES…) when
 *       it has one; a rejection at {@code INFO} with the same fields; never a stack trace;
 *   <li>no payload, no event data, no user id, no error message (messages may quote a user's data);
 *       the stream ids are written unless {@code eventcore.log.stream-ids=false} (stream ids that
 *       name people are personal data: turn them off, {@code streamCount} stays).
 * </ul>
 *
 * <p>{@code eventcore.log.commands=false} turns the command log off.
 */
@ApplicationScoped
public class CommandLog {

  public static final String LOGGER = JsonLogLine.LOGGERS + ".command";

  private static final Logger LOG = Logger.getLogger(LOGGER);

  @Inject
  @ConfigProperty(name = "eventcore.log.commands", defaultValue = "true")
  boolean enabled;

  @Inject
  @ConfigProperty(name = "eventcore.log.stream-ids", defaultValue = "true")
  boolean streamIds;

  /** Logs the end of one execution; {@code failure} is null unless it failed or was rejected. */
  void executed(
      String commandType,
      List<StreamId> streams,
      EventMetadata metadata,
      String outcome,
      int attempts,
      int events,
      long durationNanos,
      Throwable failure) {
    if (!enabled) {
      return;
    }
    Level level =
        outcome.equals("success") || outcome.equals("rejected") ? Level.INFO : Level.WARNING;
    JsonLogLine.of(LOG, level, "command")
        .ifPresent(
            line -> {
              line.add("command", commandType)
                  .add("outcome", outcome)
                  .add("attempts", attempts)
                  .add("events", events)
                  .add("durationMs", Math.round(durationNanos / 10_000.0) / 100.0);
              if (streamIds) {
                line.add("streams", streams.stream().map(StreamId::value).toList());
              }
              line.add("streamCount", streams.size())
                  .add("correlationId", metadata.correlationId())
                  .add("causationId", metadata.causationId())
                  .add("traceId", metadata.custom().get(CommandExecutor.TRACE_ID_KEY));
              if (failure != null) {
                line.add("errorType", failure.getClass().getSimpleName());
                ErrorCode code = codeOf(failure);
                if (code != null) {
                  line.add("errorCode", code.name());
                }
              }
              line.write();
            });
  }

  private static ErrorCode codeOf(Throwable failure) {
    if (failure instanceof CommandException command) {
      return command.code();
    }
    if (failure instanceof CommitFailedException commit) {
      return commit.code();
    }
    return null;
  }
}
