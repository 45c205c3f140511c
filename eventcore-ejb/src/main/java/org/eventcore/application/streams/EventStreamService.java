package org.eventcore.application.streams;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eventcore.api.AppendResult;
import org.eventcore.api.EventStore;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.FeedPage;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StreamEvents;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;
import org.eventcore.application.command.CommandResult;
import org.eventcore.application.command.IdempotencyStore;
import org.eventcore.application.command.RequestFingerprint;

/**
 * The generic event-store API: appends with expectations, stream reads and the global feed, each
 * call one JTA transaction (container-managed, {@code REQUIRED}), so the store's locks are held
 * until the commit. An idempotency key is claimed and completed in the same transaction as the
 * append.
 */
@Stateless
public class EventStreamService {

  /** The command type under which raw appends are remembered for their idempotency keys. */
  static final String APPEND = "AppendEvents";

  @Inject EventStore eventStore;
  @Inject IdempotencyStore idempotency;

  /**
   * Appends atomically to every stream of {@code writes}, each checked against its expectation.
   *
   * @return the outcome, or the outcome of the first append with the same idempotency key (then
   *     {@code replayed} and nothing is written)
   * @throws org.eventcore.api.StreamVersionConflictException if an expectation fails
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public CommandResult append(List<StreamWrite> writes, Optional<String> idempotencyKey) {
    if (idempotencyKey.isPresent()) {
      Optional<CommandResult> earlier =
          idempotency.claim(idempotencyKey.get(), APPEND, fingerprint(writes));
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    AppendResult appended = eventStore.append(writes);
    CommandResult result =
        new CommandResult(
            APPEND, appended.events(), appended.streamVersions(), 1, false, appended.cursor());
    idempotencyKey.ifPresent(key -> idempotency.complete(key, result));
    return result;
  }

  /**
   * What a repeated append must have in common with the first for its key to replay: the streams,
   * their expectations and each event's type, schema version, payload and metadata — not the event
   * ids, which are fresh for every request, nor the correlation id, which is generated for a
   * request that brings none.
   */
  static String fingerprint(List<StreamWrite> writes) {
    List<Write> request =
        writes.stream()
            .map(
                write ->
                    new Write(
                        write.streamId().value(),
                        write.expected().toString(),
                        write.events().stream()
                            .map(
                                e ->
                                    new Event(
                                        e.type(),
                                        e.schemaVersion(),
                                        e.payload(),
                                        e.metadata().causationId(),
                                        e.metadata().userId(),
                                        e.metadata().custom()))
                            .toList()))
            .toList();
    return RequestFingerprint.ofCommand(new Append(request));
  }

  private record Append(List<Write> writes) {}

  private record Write(String stream, String expected, List<Event> events) {}

  private record Event(
      String type,
      int schemaVersion,
      String payload,
      Optional<String> causationId,
      Optional<String> userId,
      java.util.Map<String, String> custom) {}

  /** Reads a stream; an unknown stream is empty (version 0). */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public StreamEvents read(StreamId streamId, ReadOptions options) {
    return eventStore.read(streamId, options);
  }

  /** A page of the global feed after {@code after}. */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public FeedPage readFeed(FeedCursor after, int limit) {
    return eventStore.readFeed(after, limit);
  }
}
