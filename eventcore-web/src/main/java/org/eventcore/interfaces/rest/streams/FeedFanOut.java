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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
 *   <li>Each round it groups the subscribers that are ready for more by their cursor and reads one
 *       page of the feed per distinct cursor: subscribers that are caught up share one cursor, so a
 *       round costs one query however many listen; one still catching up reads its own pages until
 *       it meets the others.
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
   * thread on first use. Returns at once.
   */
  public void subscribe(
      FeedCursor after, SseEventSink sink, Sse sse, java.util.Optional<Runnable> abort) {
    startIfNeeded();
    subscribers.add(new Subscriber(after, sink, sse, abort));
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
    Map<FeedCursor, List<Subscriber>> ready = new LinkedHashMap<>();
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
      } else if (subscriber.pending() < pageSize) {
        ready.computeIfAbsent(subscriber.cursor, c -> new ArrayList<>()).add(subscriber);
      }
    }
    boolean more = false;
    for (Map.Entry<FeedCursor, List<Subscriber>> group : ready.entrySet()) {
      FeedPage page = streams.readFeed(group.getKey(), pageSize);
      List<OutboundSseEvent> outbound = new ArrayList<>(page.events().size());
      Sse sse = group.getValue().get(0).sse;
      for (int i = 0; i < page.events().size(); i++) {
        outbound.add(toSse(sse, page.events().get(i), page.cursors().get(i)));
      }
      for (Subscriber subscriber : group.getValue()) {
        if (!outbound.isEmpty()) {
          subscriber.queue(outbound, page.next());
        } else if (now - subscriber.lastSent > KEEP_ALIVE_NANOS) {
          subscriber.queue(List.of(sse.newEventBuilder().comment("keep-alive").build()), null);
        }
      }
      more |= page.events().size() == pageSize;
    }
    return more;
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
    subscribers.forEach(Subscriber::cutOff);
    subscribers.clear();
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
   * One client: its cursor (how far the feed has been queued for it) and its buffer, written one
   * send at a time; each completed send starts the next.
   */
  private final class Subscriber {
    private final SseEventSink sink;
    private final Sse sse;
    private final java.util.Optional<Runnable> abort;
    private final ConcurrentLinkedQueue<OutboundSseEvent> buffer = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean failed;
    private volatile long lastSent = System.nanoTime();

    /** Only the tail thread reads and moves it. */
    private FeedCursor cursor;

    Subscriber(FeedCursor after, SseEventSink sink, Sse sse, java.util.Optional<Runnable> abort) {
      this.abort = abort;
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

    /** How long events have waited without the client taking any, in nanoseconds. */
    long stalledFor(long now) {
      return buffered.get() == 0 ? 0 : now - lastSent;
    }

    void queue(List<OutboundSseEvent> events, FeedCursor next) {
      if (buffered.get() == 0) {
        lastSent = System.nanoTime(); // the stall clock starts with the first waiting event
      }
      buffer.addAll(events);
      buffered.addAndGet(events.size());
      if (next != null) {
        cursor = next;
      }
      pump();
    }

    /** Starts the next send unless one is under way; loops while sends complete at once. */
    private void pump() {
      while (!failed && sending.compareAndSet(false, true)) {
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
     * closed on a thread of its own.
     */
    void cutOff() {
      failed = true;
      buffer.clear();
      buffered.set(0);
      if (!sending.get()) {
        closeSink();
      } else if (abort.isPresent()) {
        abort.get().run();
      } else {
        threads.newThread(this::closeSink).start();
      }
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
