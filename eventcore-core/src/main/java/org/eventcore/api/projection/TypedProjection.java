package org.eventcore.api.projection;

import java.util.List;
import java.util.Set;

/**
 * A read model fed with decoded events of one event type {@code E}: the framework reads the global
 * feed, keeps the events whose type name is one of {@code E}'s types (and whose stream matches
 * {@link #streamPrefixes()}), decodes them with the same codec commands use, and hands them to
 * {@link #handle} — the projection never parses a payload.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class DepositTotals implements TypedProjection<BankingEvent> {
 *   @PersistenceContext EntityManager em;
 *
 *   public String name() { return "deposit-totals"; }
 *   public Class<BankingEvent> eventType() { return BankingEvent.class; }
 *   public Set<String> streamPrefixes() { return Set.of("account-"); }
 *
 *   public void handle(List<FeedEvent<BankingEvent>> events) {
 *     for (FeedEvent<BankingEvent> e : events) {
 *       if (e.event() instanceof BankingEvent.MoneyDeposited deposited) {
 *         em.createNativeQuery("update deposit_totals set total = total + ?1 where account = ?2")
 *             .setParameter(1, deposited.amount())
 *             .setParameter(2, e.streamId().value())
 *             .executeUpdate();
 *       }
 *     }
 *   }
 *
 *   public void reset() { em.createNativeQuery("delete from deposit_totals").executeUpdate(); }
 * }
 * }</pre>
 *
 * <p><b>Same guarantees as {@link Projection}.</b> Decoding and {@link #handle} run inside the
 * runner's transaction, which also moves the checkpoint: a read model in the same database sees
 * each event exactly once, and {@code handle} must not commit on its own nor have effects outside
 * the database. Checkpoints, leases, rebuild ({@link #reset}) and the HTTP status are those of any
 * projection, under {@link #name()}.
 *
 * <p><b>Filtering.</b> Events in a matching stream whose type is not one of {@code E}'s are skipped
 * (counted as read, not handled), never an error. An event whose type <em>is</em> one of {@code
 * E}'s but whose payload cannot be decoded is a failure of the batch, handled by {@link #onError()}
 * like a failure of {@code handle}: retried, or recorded and skipped or stopped on.
 *
 * <p><b>Why a separate interface, not a {@link Projection}.</b> A {@code Projection} chooses its
 * own event types and receives raw payloads; a typed projection's types are those of its codec, and
 * it must never see a raw event. Extending {@code Projection} would hand it a raw {@code handle}
 * and an {@code eventTypes()} to override, which could contradict the codec. Instead the framework
 * adapts a typed projection to a {@code Projection} when it hosts it, so the runner, checkpoints
 * and error handling are the very same code for both. A bean implements one of the two, not both.
 *
 * @param <E> the event type: a sealed interface of records, or one record, as for commands (a
 *     nested sealed interface narrows the projection to that family of events)
 */
public interface TypedProjection<E> {

  /** A stable, unique name among all projections (the key of its checkpoint). */
  String name();

  /**
   * The event type, read once when the projection is hosted; its codec decides which type names
   * reach {@link #handle}.
   */
  Class<E> eventType();

  /**
   * Handles the next events of the feed that passed the filters, decoded, in feed order (never an
   * empty list).
   */
  void handle(List<FeedEvent<E>> events);

  /** Removes everything the projection has built, before a rebuild (in the rebuild transaction). */
  void reset();

  /**
   * Only streams whose id starts with one of these prefixes; empty (the default) means all. Read
   * once when the projection is hosted.
   */
  default Set<String> streamPrefixes() {
    return Set.of();
  }

  /** What the runner does when decoding or {@link #handle} fails; {@code RETRY} by default. */
  default Projection.ErrorStrategy onError() {
    return Projection.ErrorStrategy.RETRY;
  }
}
