package org.eventcore.application.command.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.PerStreamFold;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.api.command.StateReuse;
import org.eventcore.api.command.Stream;

/**
 * A test domain for state reuse: accounts ("books") whose state records, besides the balance, the
 * version and a digest of every event applied, so that a skipped, repeated or reordered event shows
 * as a difference from a full rebuild.
 */
public final class Ledger {

  private Ledger() {}

  /** Events of an account stream. */
  public sealed interface Entry permits Deposited, Debited, Credited {}

  public record Deposited(long amount) implements Entry {}

  public record Debited(long amount, String to) implements Entry {}

  public record Credited(long amount, String from) implements Entry {}

  /** One account: its balance, the version of its last event, a digest of its events in order. */
  public record Book(long balance, long version, long digest) {
    public static final Book EMPTY = new Book(0, 0, 17);

    public Book apply(RecordedEvent<Entry> event) {
      long amount;
      if (event.event() instanceof Deposited d) {
        amount = d.amount();
      } else if (event.event() instanceof Credited c) {
        amount = c.amount();
      } else {
        amount = -((Debited) event.event()).amount();
      }
      return new Book(
          balance + amount,
          event.version().value(),
          digest * 31 + event.version().value() * 7 + event.event().hashCode());
    }
  }

  /** The books of several streams: each event changes only its own stream's book (commutes). */
  public record Books(Map<StreamId, Book> byStream) {
    public Books {
      byStream = Map.copyOf(byStream);
    }

    public Book of(StreamId stream) {
      return byStream.getOrDefault(stream, Book.EMPTY);
    }

    Books with(RecordedEvent<Entry> event) {
      Map<StreamId, Book> next = new HashMap<>(byStream);
      next.put(event.streamId(), of(event.streamId()).apply(event));
      return new Books(next);
    }

    public long total() {
      return byStream.values().stream().mapToLong(Book::balance).sum();
    }
  }

  /** The fold every ledger command shares. */
  interface LedgerCommand extends Command<Books, Entry> {
    @Override
    default Class<Entry> eventType() {
      return Entry.class;
    }

    @Override
    default Books initialState() {
      return new Books(Map.of());
    }

    @Override
    default Books apply(Books state, RecordedEvent<Entry> event) {
      return state.with(event);
    }

    @Override
    default StateReuse stateReuse() {
      return StateReuse.as("ledger", 1);
    }
  }

  /**
   * The books as one part per stream (ADR 0016): each stream's book is cached and snapshotted on
   * its own under "ledger.book", whatever the other streams of the command.
   */
  public static final PerStreamFold<Book, Books, Entry> BOOKS =
      PerStreamFold.of("ledger.book", 1, Book.EMPTY, Book::apply, Books::new);

  /**
   * {@link Move} with the per-stream fold: a transfer between any pair reuses each account's book
   * cached by earlier commands over other pairs.
   */
  public record MoveByParts(
      @Stream StreamId from, @Stream StreamId to, long amount, AtomicReference<Books> seen)
      implements LedgerCommand {
    public MoveByParts(StreamId from, StreamId to, long amount) {
      this(from, to, amount, new AtomicReference<>());
    }

    @Override
    public Optional<PerStreamFold<?, Books, Entry>> perStreamFold() {
      return Optional.of(BOOKS);
    }

    @Override
    public void handle(Books books, CommandContext<Entry> context) {
      seen.set(books);
      context.require(books.of(from).balance() >= amount, "insufficient funds");
      context.emit(from, new Debited(amount, to.value()));
      context.emit(to, new Credited(amount, from.value()));
    }
  }

  /** {@link Deposit} with the per-stream fold. */
  public record DepositByParts(@Stream StreamId account, long amount, AtomicReference<Books> seen)
      implements LedgerCommand {
    public DepositByParts(StreamId account, long amount) {
      this(account, amount, new AtomicReference<>());
    }

    @Override
    public Optional<PerStreamFold<?, Books, Entry>> perStreamFold() {
      return Optional.of(BOOKS);
    }

    @Override
    public void handle(Books books, CommandContext<Entry> context) {
      seen.set(books);
      context.emit(account, new Deposited(amount));
    }
  }

  /** {@link PayFirstCreditor} with the per-stream fold: the discovered streams get parts too. */
  public record PayFirstCreditorByParts(
      @Stream StreamId directory, long amount, AtomicReference<Books> seen)
      implements LedgerCommand {
    @Override
    public Optional<PerStreamFold<?, Books, Entry>> perStreamFold() {
      return Optional.of(BOOKS);
    }

    @Override
    public void handle(Books books, CommandContext<Entry> context) {
      List<StreamId> creditors =
          List.of(StreamId.of(directory.value() + "-x"), StreamId.of(directory.value() + "-y"));
      context.readAlso(creditors);
      seen.set(books);
      context.emit(creditors.get(0), new Deposited(amount));
    }
  }

  /**
   * Moves money between two accounts if the source has enough; remembers the state it decided on
   * (the {@code seen} component is not part of the state: the fold never looks at it).
   */
  public record Move(
      @Stream StreamId from, @Stream StreamId to, long amount, AtomicReference<Books> seen)
      implements LedgerCommand {
    public Move(StreamId from, StreamId to, long amount) {
      this(from, to, amount, new AtomicReference<>());
    }

    @Override
    public void handle(Books books, CommandContext<Entry> context) {
      seen.set(books);
      context.require(books.of(from).balance() >= amount, "insufficient funds");
      context.emit(from, new Debited(amount, to.value()));
      context.emit(to, new Credited(amount, from.value()));
    }
  }

  /** Deposits into one account; remembers the state it decided on. */
  public record Deposit(@Stream StreamId account, long amount, AtomicReference<Books> seen)
      implements LedgerCommand {
    public Deposit(StreamId account, long amount) {
      this(account, amount, new AtomicReference<>());
    }

    @Override
    public void handle(Books books, CommandContext<Entry> context) {
      seen.set(books);
      context.emit(account, new Deposited(amount));
    }
  }

  /**
   * Reads a directory stream first, then discovers the accounts named by the credits in it (dynamic
   * consistency boundary), and deposits into the first of them.
   */
  public record PayFirstCreditor(
      @Stream StreamId directory, long amount, AtomicReference<Books> seen)
      implements LedgerCommand {
    @Override
    public void handle(Books books, CommandContext<Entry> context) {
      List<StreamId> creditors =
          List.of(StreamId.of(directory.value() + "-x"), StreamId.of(directory.value() + "-y"));
      context.readAlso(creditors);
      seen.set(books);
      context.emit(creditors.get(0), new Deposited(amount));
    }
  }

  /**
   * Breaks the commutation rule — its state is the last event seen in any stream — yet claims reuse
   * unless told otherwise. Shows what the contract protects against.
   */
  public record LastSeen(
      @Stream StreamId a, @Stream StreamId b, boolean reuse, AtomicReference<String> seen)
      implements Command<String, Entry> {
    @Override
    public Class<Entry> eventType() {
      return Entry.class;
    }

    @Override
    public String initialState() {
      return "";
    }

    @Override
    public String apply(String state, RecordedEvent<Entry> event) {
      return event.streamId().value() + "@" + event.version();
    }

    @Override
    public void handle(String state, CommandContext<Entry> context) {
      seen.set(state);
    }

    @Override
    public StateReuse stateReuse() {
      return reuse ? StateReuse.as("last-seen", 1) : StateReuse.never();
    }
  }

  /** The state of {@code command} folded from every event of its streams, in boundary order. */
  public static <S> S rebuild(
      Command<S, Entry> command,
      List<StreamId> streams,
      org.eventcore.api.EventStore store,
      org.eventcore.api.command.EventCodec<Entry> codec) {
    S state = command.initialState();
    for (StreamId stream : streams) {
      for (org.eventcore.api.StoredEvent stored :
          store.read(stream, org.eventcore.api.ReadOptions.all()).events()) {
        state =
            command.apply(
                state,
                new RecordedEvent<>(
                    stored.streamId(),
                    stored.version(),
                    codec.decode(stored.type(), stored.schemaVersion(), stored.payload()),
                    stored.metadata(),
                    stored.recordedAt()));
      }
    }
    return state;
  }

  /** {@link #rebuild} of the given streams, each only up to the version its book says. */
  public static Books rebuildUpTo(
      Books books,
      List<StreamId> streams,
      org.eventcore.api.EventStore store,
      org.eventcore.api.command.EventCodec<Entry> codec) {
    Books state = new Books(Map.of());
    for (StreamId stream : streams) {
      long upTo = books.of(stream).version();
      if (upTo == 0) {
        continue;
      }
      for (org.eventcore.api.StoredEvent stored :
          store.read(stream, org.eventcore.api.ReadOptions.all().upTo(upTo)).events()) {
        state =
            state.with(
                new RecordedEvent<>(
                    stored.streamId(),
                    stored.version(),
                    codec.decode(stored.type(), stored.schemaVersion(), stored.payload()),
                    stored.metadata(),
                    stored.recordedAt()));
      }
    }
    return state;
  }
}
