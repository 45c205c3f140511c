package org.eventcore.api.command;

import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.eventcore.api.StreamId;

/**
 * A command state made of one independent <em>part</em> per stream — a transfer's two accounts, an
 * order and its inventory items — declared so that the executor can keep and reuse each part on its
 * own (ADR 0016).
 *
 * <p>Without it, a folded state is reused only under its whole list of streams (ADR 0005): a
 * transfer from {@code a} to {@code b} finds nothing cached after transfers from {@code a} to
 * {@code c} and from {@code d} to {@code b}, so commands over random pairs of streams fold every
 * stream from the first event. With it, the executor caches (and snapshots) each stream's part
 * under the part fold's name, version and that one stream, extends each part with the events
 * written to its stream since, and builds the command's state with {@link #compose} on every
 * attempt.
 *
 * <pre>{@code
 * public Optional<PerStreamFold<?, Accounts, BankingEvent>> perStreamFold(TransferMoney command) {
 *   return Optional.of(
 *       PerStreamFold.of("banking.account", 1, Account.NONE,
 *           (account, event) -> account.apply(event.event()), Accounts::new));
 * }
 * }</pre>
 *
 * <p><b>Contract</b> (what makes a reused part equal a full rebuild):
 *
 * <ol>
 *   <li>a part depends on nothing but the events of its own stream, folded oldest first from {@link
 *       #initialPart()} with {@link #apply} — not on the command's other components, not on other
 *       streams;
 *   <li>{@code apply} is pure and parts are immutable (a cached part is shared by executions and
 *       threads; {@code compose} and {@code handle} never change one);
 *   <li>{@link #compose} is a pure function of the parts it is given;
 *   <li>everything that folds under the same part name and version folds the same way: commands
 *       that share a part fold share its cached parts and snapshots. A single-stream command whose
 *       {@link StateReuse} has the same name and version and whose state is the part (the banking
 *       example's {@code Deposit} and {@code Withdraw} and the transfer's accounts) shares them
 *       too.
 * </ol>
 *
 * <p>Raise the version whenever {@code apply} changes meaning, so that snapshots written by the old
 * code are ignored; changes of the part's shape are detected without it. When a command declares a
 * per-stream fold, the executor folds with it alone: the command's {@link Command#initialState()},
 * {@link Command#apply} and {@link Command#stateReuse()} are not used by the executor (keep them
 * consistent for tests that fold the whole state: composing the parts must equal folding every
 * event in boundary order). With the state cache and snapshots both switched off, every attempt
 * folds every part from the first event.
 *
 * @param <P> the state of one stream (the part)
 * @param <S> the command's state, composed of the parts
 * @param <E> the type of the events
 */
public final class PerStreamFold<P, S, E> {

  private final StateReuse partReuse;
  private final P initialPart;
  private final BiFunction<P, RecordedEvent<E>, P> apply;
  private final Function<Map<StreamId, P>, S> compose;

  private PerStreamFold(
      StateReuse partReuse,
      P initialPart,
      BiFunction<P, RecordedEvent<E>, P> apply,
      Function<Map<StreamId, P>, S> compose) {
    this.partReuse = partReuse;
    this.initialPart = Objects.requireNonNull(initialPart, "initialPart");
    this.apply = Objects.requireNonNull(apply, "apply");
    this.compose = Objects.requireNonNull(compose, "compose");
  }

  /**
   * A per-stream fold.
   *
   * @param partFoldName names the fold of one stream; everything that folds a stream the same way
   *     may share the name, and with it cached parts and snapshots (1 to 255 characters)
   * @param version the version of the part fold's meaning, from 1
   * @param initialPart the part of a stream before any event (an immutable value)
   * @param apply the part after one event of its stream; pure
   * @param compose the command's state from the parts of every stream of the boundary, given in
   *     boundary order (an unmodifiable map); pure
   */
  public static <P, S, E> PerStreamFold<P, S, E> of(
      String partFoldName,
      int version,
      P initialPart,
      BiFunction<P, RecordedEvent<E>, P> apply,
      Function<Map<StreamId, P>, S> compose) {
    return new PerStreamFold<>(StateReuse.as(partFoldName, version), initialPart, apply, compose);
  }

  /** The name and version under which parts are cached and snapshotted (one stream per key). */
  public StateReuse partReuse() {
    return partReuse;
  }

  /** The part of a stream before any event. */
  public P initialPart() {
    return initialPart;
  }

  /** The part after {@code event} of its stream. */
  public P apply(P part, RecordedEvent<E> event) {
    return apply.apply(part, event);
  }

  /** The command's state from the parts of its streams, in boundary order. */
  public S compose(Map<StreamId, P> parts) {
    return compose.apply(parts);
  }

  @Override
  public String toString() {
    return "PerStreamFold[" + partReuse.foldName() + " v" + partReuse.version() + "]";
  }
}
