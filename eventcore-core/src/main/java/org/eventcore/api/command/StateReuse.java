package org.eventcore.api.command;

import java.util.Objects;

/**
 * Whether, and under which name, the executor may reuse a command's folded state instead of folding
 * its streams from the first event: from its in-memory state cache, and from persisted snapshots
 * after a restart (ADR 0005).
 *
 * <p>Reusing a state is only correct when the command's fold keeps this <b>contract</b>:
 *
 * <ol>
 *   <li>{@link Command#apply} is pure and the state is immutable: neither {@code apply} nor {@code
 *       handle} ever changes a state object (a cached state is shared by later executions and
 *       threads);
 *   <li>the state depends only on the fold name, the ordered streams and their events — not on
 *       other components of the command (two commands with the same fold name over the same streams
 *       must fold the same events into equal states);
 *   <li>events of <em>different</em> streams commute: for an event {@code x} of one stream and
 *       {@code y} of another, {@code apply(apply(s, x), y)} equals {@code apply(apply(s, y), x)}. A
 *       reused state is extended with the events written since, stream after stream, so events of
 *       one stream are then applied after newer events of another; commutation makes the result
 *       equal to the full fold in declaration order. A state keyed by stream (each event changes
 *       only its own stream's part, as in a transfer's two accounts) or a sum over all streams
 *       commutes; "the last event seen in any stream" does not.
 * </ol>
 *
 * <p>A command that cannot promise this returns {@link #never()} from {@link Command#stateReuse()}:
 * every attempt then folds its streams from the start.
 *
 * <p>The {@link #version()} belongs to the fold: raise it whenever {@code apply} changes meaning
 * (the same events would now give another state), so that snapshots written by the old code are
 * ignored. Changes of the state's <em>shape</em> (its classes and components) are detected without
 * it.
 */
public final class StateReuse {

  private static final StateReuse NEVER = new StateReuse(null, 0);

  private final String foldName;
  private final int version;

  private StateReuse(String foldName, int version) {
    this.foldName = foldName;
    this.version = version;
  }

  /** The state of this command is always folded from the first event. */
  public static StateReuse never() {
    return NEVER;
  }

  /**
   * States may be reused between commands with the same {@code foldName} over the same streams.
   *
   * @param foldName names the fold ({@code initialState} and {@code apply}); commands that share
   *     them may share the name, and with it their cached states and snapshots
   * @param version the version of the fold's meaning, from 1
   */
  public static StateReuse as(String foldName, int version) {
    Objects.requireNonNull(foldName, "foldName");
    if (foldName.isBlank() || foldName.length() > 255) {
      throw new IllegalArgumentException("A fold name has 1 to 255 characters");
    }
    if (version < 1) {
      throw new IllegalArgumentException("A fold version starts at 1, was " + version);
    }
    return new StateReuse(foldName, version);
  }

  /** Whether states may be reused at all. */
  public boolean allowed() {
    return foldName != null;
  }

  /**
   * The fold's name.
   *
   * @throws IllegalStateException if reuse is not allowed
   */
  public String foldName() {
    if (foldName == null) {
      throw new IllegalStateException("State reuse is not allowed");
    }
    return foldName;
  }

  /** The fold's version (0 when reuse is not allowed). */
  public int version() {
    return version;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StateReuse that
        && Objects.equals(foldName, that.foldName)
        && version == that.version;
  }

  @Override
  public int hashCode() {
    return Objects.hash(foldName, version);
  }

  @Override
  public String toString() {
    return allowed() ? "StateReuse[" + foldName + " v" + version + "]" : "StateReuse[never]";
  }
}
