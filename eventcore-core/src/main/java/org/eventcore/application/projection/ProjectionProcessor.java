package org.eventcore.application.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eventcore.api.EventStore;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.FeedPage;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.projection.Projection;

/**
 * Moves one projection one batch forward, in the caller's transaction: claim the lease and lock the
 * checkpoint, read the feed after it, hand the accepted events to the projection, move the
 * checkpoint. The caller commits (everything took effect once) or rolls back (nothing did).
 */
public final class ProjectionProcessor {

  private final EventStore store;
  private final CheckpointStore checkpoints;
  private final String node;
  private final Duration lease;

  public ProjectionProcessor(
      EventStore store, CheckpointStore checkpoints, String node, Duration lease) {
    this.store = Objects.requireNonNull(store, "store");
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    this.node = Objects.requireNonNull(node, "node");
    this.lease = Objects.requireNonNull(lease, "lease");
  }

  /** What one step did. */
  public sealed interface Step {
    /**
     * The feed had events after the checkpoint; {@code handled} of them passed the filters. During
     * a rebuild, {@code rebuild} says how far it has come (this batch included).
     */
    record Advanced(int read, int handled, FeedCursor cursor, Optional<RebuildProgress> rebuild)
        implements Step {}

    /** Nothing new in the feed. */
    record Idle() implements Step {}

    /** Nothing new in the feed, and a rebuild that was running has just caught up. */
    record RebuildFinished(RebuildProgress rebuild) implements Step {}

    /** Another node runs this projection (or is in the middle of a batch). */
    record NotOwner() implements Step {}

    /** The projection was stopped by a failure and waits for an operator. */
    record Stopped(String failure) implements Step {}
  }

  /** A failure of {@link Projection#handle} for a batch of exactly one event. */
  public static final class EventFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient StoredEvent event;
    private final transient FeedCursor cursor;

    EventFailedException(StoredEvent event, FeedCursor cursor, RuntimeException cause) {
      super(
          "Projection failed on event "
              + event.id()
              + " ("
              + event.type()
              + "): "
              + cause.getMessage(),
          cause);
      this.event = event;
      this.cursor = cursor;
    }

    public StoredEvent event() {
      return event;
    }

    public FeedCursor cursor() {
      return cursor;
    }
  }

  /**
   * One batch of at most {@code batchSize} feed events. With {@code batchSize == 1} a failure of
   * the projection is reported as {@link EventFailedException}, naming the event.
   */
  public Step step(Projection projection, int batchSize) {
    Optional<Checkpoint> claimed = checkpoints.claim(projection.name(), node, lease);
    if (claimed.isEmpty()) {
      return new Step.NotOwner();
    }
    Checkpoint checkpoint = claimed.get();
    if (checkpoint.stopped()) {
      return new Step.Stopped(checkpoint.failure().orElse("stopped"));
    }
    Optional<RebuildProgress> rebuild = checkpoint.rebuild().filter(r -> !r.finished());
    FeedPage page = store.readFeed(checkpoint.cursor(), batchSize);
    if (page.isEmpty()) {
      if (rebuild.isPresent()) {
        checkpoints.finishRebuild(projection.name());
        RebuildProgress done = rebuild.get();
        return new Step.RebuildFinished(
            new RebuildProgress(
                done.startedAt(), done.total(), done.processed(), Optional.of(Instant.now())));
      }
      return new Step.Idle();
    }
    List<StoredEvent> accepted = new ArrayList<>();
    for (StoredEvent event : page.events()) {
      if (projection.accepts(event)) {
        accepted.add(event);
      }
    }
    if (!accepted.isEmpty()) {
      try {
        projection.handle(accepted);
      } catch (RuntimeException e) {
        if (page.events().size() == 1) {
          throw new EventFailedException(page.events().get(0), page.next(), e);
        }
        throw e;
      }
    }
    int read = page.events().size();
    checkpoints.advance(projection.name(), page.next(), read, accepted.size());
    return new Step.Advanced(
        read,
        accepted.size(),
        page.next(),
        rebuild.map(
            r ->
                new RebuildProgress(
                    r.startedAt(), r.total(), r.processed() + read, r.finishedAt())));
  }

  /**
   * After a single-event batch failed (and its transaction rolled back): record the failure, and
   * skip the event or stop the projection as its error strategy says. Runs in a new transaction.
   */
  public void recordFailure(Projection projection, EventFailedException failure) {
    if (checkpoints.claim(projection.name(), node, lease).isEmpty()) {
      return;
    }
    checkpoints.recordFailure(
        projection.name(),
        failure.event().id(),
        failure.cursor(),
        String.valueOf(failure.getCause().getMessage()),
        projection.onError() == Projection.ErrorStrategy.SKIP);
  }

  /**
   * Resets {@code projection} for a rebuild, in the caller's transaction: the checkpoint goes back
   * to the start of the feed (waiting for a batch in progress on any node), then the read model is
   * emptied. Whichever node holds the lease replays the feed from there.
   *
   * @return the number of feed events to replay (at this moment)
   */
  public long rebuild(Projection projection) {
    long total = checkpoints.startRebuild(projection.name());
    projection.reset();
    return total;
  }

  /** Lets {@code projection}, stopped by a failure, go on (in the caller's transaction). */
  public void resume(Projection projection) {
    checkpoints.resume(projection.name());
  }

  /** Gives up this node's lease on {@code projection}. */
  public void release(Projection projection) {
    checkpoints.release(projection.name(), node);
  }
}
