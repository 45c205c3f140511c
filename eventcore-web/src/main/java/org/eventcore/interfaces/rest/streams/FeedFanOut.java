package org.eventcore.interfaces.rest.streams;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.FeedPage;
import org.eventcore.api.StoredEvent;
import org.eventcore.application.streams.EventStreamService;
import org.eventcore.infrastructure.projection.ProjectionHost;

/**
 * Feeds every server-sent-events subscriber of this server ({@code GET /api/v1/events/stream}) from
 * one tail of the global feed (ADR 0012), on one thread, whatever the number of subscribers:
 *
 * <ul>
 *   <li>The tail thread wakes on the PostgreSQL notifications the projections use ({@link
 *       ProjectionHost#onNewEvents}), on a new subscriber, and at least every {@code
 *       eventcore.sse.poll-interval-ms}.
 *   <li>Each round it reads one page of the feed from the lowest cursor among the subscribers that
 *       are ready for more, and hands every subscriber whose cursor lies within that page the part
 *       after its own cursor. Caught-up subscribers are within a page of each other, so a round
 *       costs one query however many listen and however their cursors drift; only a subscriber more
 *       than a page away from the others (catching up on a backlog) costs a read of its own.
 *   <li>Each event becomes one {@link OutboundSseEvent}, shared by every subscriber it goes to, and
 *       is queued in that subscriber's buffer; the buffer is written to the client asynchronously,
 *       one send at a time, without a thread held per subscriber.
 *   <li>A subscriber gets another page only once fewer than a page of events wait in its buffer, so
 *       a buffer never holds more than two pages ({@code eventcore.sse.page-size}); a slower reader
 *       simply stays behind at its own cursor (it catches up later, at its own pace) and never
 *       delays the others. One whose client has taken nothing for {@code
 *       eventcore.sse.stall-timeout-ms} is cut off: its connection is closed, and the client
 *       reconnects with {@code Last-Event-ID} when it is ready.
 *   <li>A comment every 15 idle seconds finds out which clients have gone.
 * </ul>
 *
 * <p>Every subscriber sees every event once, in feed order: it reads the feed from its own cursor,
 * which advances only over what was queued for it.
 */
@ApplicationScoped
public class FeedFanOut {

  private static final Logger LOG = Logger.getLogger(FeedFanOut.class.getName());
  private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  @Inject EventStreamService streams;
  @Inject ProjectionHost projections;

  @Resource ManagedThreadFactory threads;

  @Inject
  @ConfigProperty(name = "eventcore.sse.page-size", defaultValue = "500")
  int pageSize;

  @Inject
  @ConfigProperty(name = "eventcore.sse.poll-interval-ms", defaultValue = "500")
  long pollMillis;

  @Inject
  @ConfigProperty(name = "eventcore.sse.stall-timeout-ms", defaultValue = "30000")
  long stallTimeoutMillis;

  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private final Runnable wake = this::wake;
  private boolean woken;
  private volatile boolean stopped;
  private Thread tail;

  /**
   * Adds a subscriber that receives the feed after {@code after} on {@code sink}, starting the tail
   * thread on first use. Returns at once. {@code abort} closes the connection at once where the
   * server offers it; {@code unsentBytes} tells how many bytes the server still holds for the
   * connection where its sends complete before the client has taken the data (Grizzly's write queue
   * on Payara Server): the next event is sent only once it is 0, and the time the server has held
   * bytes without the client taking them counts as a stall, so a client that stops reading is cut
   * off there too, and the server holds at most about one socket buffer and one event for it.
   */
  public void subscribe(
      FeedCursor after,
      SseEventSink sink,
      Sse sse,
      Optional<Runnable> abort,
      Optional<IntSupplier> unsentBytes) {
    startIfNeeded();
    subscribers.add(new Subscriber(after, sink, sse, abort, unsentBytes.orElse(() -> 0)));
    wake();
  }

  /** How many subscribers this server feeds now. */
  public int subscriberCount() {
    return subscribers.size();
  }

  private synchronized void startIfNeeded() {
    if (tail == null && !stopped) {
      projections.onNewEvents(wake);
      tail = threads.newThread(this::run);
      tail.setName("eventcore-sse-fan-out");
      tail.setDaemon(true);
      tail.start();
    }
  }

  void wake() {
    lock.lock();
    try {
      woken = true;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (!stopped) {
      boolean more;
      try {
        more = round();
      } catch (RuntimeException e) {
        // the database is away: every subscriber keeps its cursor and waits for the next round
        LOG.log(Level.FINE, "Feed fan-out round failed", e);
        more = false;
      }
      if (!more) {
        rest();
      }
    }
  }

  private void rest() {
    lock.lock();
    try {
      if (!woken) {
        wakeUp.await(pollMillis, TimeUnit.MILLISECONDS);
      }
      woken = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    } finally {
      lock.unlock();
    }
  }

  /** One round; whether a subscriber may have more to read right away. */
  private boolean round() {
    long now = System.nanoTime();
    TreeMap<FeedCursor, List<Subscriber>> ready = new TreeMap<>();
    for (Subscriber subscriber : subscribers) {
      if (subscriber.closed()) {
        subscribers.remove(subscriber);
      } else if (subscriber.stalledFor(now) > TimeUnit.MILLISECONDS.toNanos(stallTimeoutMillis)) {
        LOG.info(
            () ->
                "Cut off a server-sent-events subscriber that took nothing for "
                    + stallTimeoutMillis
                    + " ms (it may reconnect with Last-Event-ID)");
        subscriber.cutOff();
        subscribers.remove(subscriber);
      } else {
        // a send held back while the server still held bytes for the client goes out now
        subscriber.pump();
        if (subscriber.pending() < pageSize) {
          ready.computeIfAbsent(subscriber.cursor, c -> new ArrayList<>()).add(subscriber);
        }
      }
    }
    boolean more = false;
    while (!ready.isEmpty()) {
      more |= feedFromLowestCursor(ready, now);
    }
    return more;
  }

  /**
   * Reads one page from the lowest cursor among {@code ready} and hands every subscriber whose
   * cursor lies within that page the part of the page after its own cursor, removing those
   * subscribers from {@code ready}. Caught-up subscribers are all within one page of each other, so
   * a round costs one query however many listen; only a subscriber more than a page behind or ahead
   * of the others costs a read of its own. Returns whether the page was full (there may be more to
   * read).
   */
  private boolean feedFromLowestCursor(TreeMap<FeedCursor, List<Subscriber>> ready, long now) {
    FeedPage page = streams.readFeed(ready.firstKey(), pageSize);
    boolean full = page.events().size() == pageSize;
    // a subscriber beyond the end of a full page reads from its own cursor in this round's next
    // read; beyond the end of a partial page there is nothing more to read for anyone
    FeedCursor end = page.next();
    Map<FeedCursor, List<Subscriber>> served =
        full ? new TreeMap<>(ready.headMap(end, true)) : new TreeMap<>(ready);
    served.keySet().forEach(ready::remove);
    List<OutboundSseEvent> outbound = new ArrayList<>(page.events().size());
    for (Map.Entry<FeedCursor, List<Subscriber>> group : served.entrySet()) {
      Sse sse = group.getValue().get(0).sse;
      if (outbound.isEmpty()) {
        for (int i = 0; i < page.events().size(); i++) {
          outbound.add(toSse(sse, page.events().get(i), page.cursors().get(i)));
        }
      }
      int from = firstAfter(page.cursors(), group.getKey());
      List<OutboundSseEvent> part = outbound.subList(from, outbound.size());
      FeedCursor next = end.compareTo(group.getKey()) > 0 ? end : null;
      for (Subscriber subscriber : group.getValue()) {
        if (!part.isEmpty()) {
          subscriber.queue(part, next);
        } else if (now - subscriber.lastSent > KEEP_ALIVE_NANOS) {
          subscriber.queue(List.of(sse.newEventBuilder().comment("keep-alive").build()), null);
        }
      }
    }
    return full;
  }

  /** The index of the first cursor after {@code cursor} in the ascending {@code cursors}. */
  private static int firstAfter(List<FeedCursor> cursors, FeedCursor cursor) {
    int low = 0;
    int high = cursors.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (cursors.get(middle).compareTo(cursor) <= 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private static OutboundSseEvent toSse(Sse sse, StoredEvent event, FeedCursor cursor) {
    return sse.newEventBuilder()
        .name(event.type())
        .id(cursor.encode())
        .mediaType(MediaType.APPLICATION_JSON_TYPE)
        .data(EventsJson.toJson(event).toString())
        .build();
  }

  /** Closes every subscriber's connection and ends the tail thread (undeploy). */
  @PreDestroy
  void stop() {
    stopped = true;
    wake();
    Thread thread;
    synchronized (this) {
      thread = tail;
    }
    if (thread != null) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeAll();
    if (thread != null) {
      try {
        projections.removeNewEventsListener(wake);
      } catch (RuntimeException shuttingDown) {
        // the projection host of this deployment may be stopped already, and its listeners with it
        LOG.log(Level.FINE, "Projection host already stopped", shuttingDown);
      }
    }
  }

  /**
   * Ends every subscriber's connection, waiting at most {@link #CLOSE_WAIT_MILLIS} in all: the
   * undeployment must not hang on a client that has stopped reading or gone without a word, whose
   * sink would never finish closing. Connections are aborted where the server allows it; the sinks
   * are closed on a thread of their own.
   */
  private void closeAll() {
    List<Subscriber> all = new ArrayList<>(subscribers);
    subscribers.clear();
    if (all.isEmpty()) {
      return;
    }
    Runnable closing =
        () -> {
          for (Subscriber subscriber : all) {
            subscriber.shutDown();
          }
        };
    Thread closer;
    try {
      closer = threads.newThread(closing);
    } catch (RuntimeException factoryGone) {
      closer = new Thread(closing);
    }
    closer.setName("eventcore-sse-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closer.isAlive()) {
      LOG.warning(
          () ->
              "Gave up waiting for server-sent-events connections to close after "
                  + CLOSE_WAIT_MILLIS
                  + " ms; going on with the shutdown");
    }
  }

  /**
   * One client: its cursor (how far the feed has been queued for it) and its buffer, written one
   * send at a time; each completed send starts the next.
   */
  private final class Subscriber {
    private final SseEventSink sink;
    private final Sse sse;
    private final Optional<Runnable> abort;
    private final IntSupplier unsentBytes;
    private final ConcurrentLinkedQueue<OutboundSseEvent> buffer = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean failed;
    private volatile long lastSent = System.nanoTime();

    /** Only the tail thread reads and moves it. */
    private FeedCursor cursor;

    Subscriber(
        FeedCursor after,
        SseEventSink sink,
        Sse sse,
        Optional<Runnable> abort,
        IntSupplier unsentBytes) {
      this.abort = abort;
      this.unsentBytes = unsentBytes;
      this.cursor = after;
      this.sink = sink;
      this.sse = sse;
    }

    int pending() {
      return buffered.get();
    }

    boolean closed() {
      return failed || sink.isClosed();
    }

    /**
     * How long events (or bytes the server holds for the client) have waited without the client
     * taking any, in nanoseconds.
     */
    long stalledFor(long now) {
      return buffered.get() == 0 && unsentBytes.getAsInt() == 0 ? 0 : now - lastSent;
    }

    void queue(List<OutboundSseEvent> events, FeedCursor next) {
      if (buffered.get() == 0 && unsentBytes.getAsInt() == 0) {
        lastSent = System.nanoTime(); // the stall clock starts with the first waiting event
      }
      buffer.addAll(events);
      buffered.addAndGet(events.size());
      if (next != null) {
        cursor = next;
      }
      pump();
    }

    /**
     * Starts the next send unless one is under way or the server still holds unsent bytes for the
     * client (then the tail thread tries again next round); loops while sends complete at once.
     */
    void pump() {
      while (!failed && sending.compareAndSet(false, true)) {
        if (!buffer.isEmpty() && unsentBytes.getAsInt() > 0) {
          sending.set(false);
          return;
        }
        OutboundSseEvent next = buffer.poll();
        if (next == null) {
          sending.set(false);
          if (buffer.isEmpty()) {
            return;
          }
          continue;
        }
        java.util.concurrent.CompletableFuture<?> sent;
        try {
          sent = sink.send(next).toCompletableFuture();
        } catch (RuntimeException e) {
          sending.set(false);
          fail(e);
          return;
        }
        if (!sent.isDone()) {
          sent.whenComplete((ignored, error) -> sent(error));
          return;
        }
        if (!completed(sent)) {
          return;
        }
      }
    }

    private boolean completed(java.util.concurrent.CompletableFuture<?> sent) {
      try {
        sent.join();
      } catch (RuntimeException e) {
        sending.set(false);
        fail(e);
        return false;
      }
      afterSend();
      return true;
    }

    private void sent(Throwable error) {
      if (error != null) {
        sending.set(false);
        fail(error);
        return;
      }
      afterSend();
      pump();
    }

    private void afterSend() {
      lastSent = System.nanoTime();
      int left = buffered.decrementAndGet();
      sending.set(false);
      if (left == pageSize - 1) {
        wake(); // ready for another page
      }
    }

    private void fail(Throwable error) {
      failed = true;
      LOG.log(Level.FINE, "Server-sent-events subscriber went away", error);
      cutOff();
    }

    /**
     * Ends this subscriber without blocking the caller. Closing the sink waits for a pending send,
     * which a client that stopped reading never completes: then the connection is aborted (the send
     * fails, and its completion closes the sink), or, where the server offers no abort, the sink is
     * closed on a thread of its own. The connection is aborted too where the server still holds
     * unsent bytes for the client.
     */
    void cutOff() {
      failed = true;
      buffer.clear();
      buffered.set(0);
      // bytes the server still holds would be written on a kept-alive connection after the end of
      // the response, as if the client were still served: the connection itself must end
      boolean held = unsentBytes.getAsInt() > 0;
      if (!sending.get() && !held) {
        closeSink();
      } else if (abort.isPresent()) {
        abort.get().run();
        if (!sending.get()) {
          closeSink(); // fails at once on the closed connection, and frees the sink
        }
      } else {
        threads.newThread(this::closeSink).start();
      }
    }

    /**
     * Ends this subscriber at shutdown: aborts the connection if possible, then closes the sink.
     */
    void shutDown() {
      failed = true;
      buffer.clear();
      buffered.set(0);
      abort.ifPresent(Runnable::run);
      closeSink();
    }

    private void closeSink() {
      try {
        sink.close();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Closing a server-sent-events subscriber", e);
      }
    }
  }
}
