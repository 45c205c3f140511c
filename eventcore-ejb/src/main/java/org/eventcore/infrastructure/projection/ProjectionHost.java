package org.eventcore.infrastructure.projection;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eventcore.api.EventStore;
import org.eventcore.api.projection.Projection;
import org.eventcore.api.projection.TypedProjection;
import org.eventcore.application.command.EventCodecs;
import org.eventcore.application.projection.Checkpoint;
import org.eventcore.application.projection.CheckpointStore;
import org.eventcore.application.projection.DecodingProjection;
import org.eventcore.application.projection.ProjectionProcessor;
import org.eventcore.application.projection.ProjectionRunner;
import org.eventcore.application.projection.ProjectionWorker;
import org.eventcore.application.projection.RebuildProgress;
import org.eventcore.application.projection.TransactionalSteps;
import org.eventcore.infrastructure.persistence.EventCoreDataSource;
import org.eventcore.infrastructure.persistence.jpa.FeedNotificationListener;

/**
 * Runs every {@link Projection} and {@link TypedProjection} bean of the application (a typed one
 * adapted by a {@link DecodingProjection} with the commands' {@link EventCodecs}), each on its own
 * thread from the container's {@link ManagedThreadFactory}: a {@link ProjectionWorker} looping over
 * its {@link ProjectionRunner}, resting between rounds as the runner says (the poll interval when
 * idle, a back-off after failures). With {@code eventcore.projection.wake-up=notify} (the default)
 * one more thread LISTENs for PostgreSQL notifications of new events and wakes the workers at once,
 * so the poll interval is only a safety net.
 *
 * <p>Several servers may run this host against one database: the lease in the checkpoint makes
 * exactly one of them run each projection. On undeploy the workers finish their round (their
 * threads are joined, so no transaction outlives the application) and the leases are released, so
 * that another server takes over at once.
 *
 * <p>Gauges per projection (tag {@code projection}): {@code eventcore_projection_lag_events},
 * {@code …_lag_seconds}, and for the last rebuild {@code eventcore_projection_rebuild_processed},
 * {@code …_rebuild_total}, {@code …_rebuild_events_per_second} and {@code …_rebuild_eta_seconds}.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrationOnStartup")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProjectionHost {

  private static final Logger LOG = Logger.getLogger(ProjectionHost.class.getName());
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  @Inject @Any Instance<Projection> projectionBeans;
  @Inject @Any Instance<TypedProjection<?>> typedProjectionBeans;
  @Inject EventCodecs codecs;
  @Inject TransactionalSteps transactions;
  @Inject EventStore eventStore;
  @Inject CheckpointStore checkpoints;
  @Inject MetricRegistry metrics;

  @Resource ManagedThreadFactory threads;

  @Resource(lookup = EventCoreDataSource.JNDI_NAME)
  DataSource dataSource;

  @Inject
  @ConfigProperty(name = "eventcore.projection.enabled", defaultValue = "true")
  boolean enabled;

  @Inject
  @ConfigProperty(name = "eventcore.projection.wake-up", defaultValue = "notify")
  String wakeUp;

  @Inject
  @ConfigProperty(name = "eventcore.projection.batch-size", defaultValue = "500")
  int batchSize;

  @Inject
  @ConfigProperty(name = "eventcore.projection.poll-interval-ms", defaultValue = "500")
  long pollMillis;

  @Inject
  @ConfigProperty(name = "eventcore.projection.lease-seconds", defaultValue = "30")
  long leaseSeconds;

  @Inject
  @ConfigProperty(name = "eventcore.projection.max-backoff-ms", defaultValue = "30000")
  long maxBackoffMillis;

  @Inject
  @ConfigProperty(name = "eventcore.node.id")
  Optional<String> configuredNode;

  private final Map<String, Projection> projections = new LinkedHashMap<>();
  private final Map<String, ProjectionWorker> workers = new ConcurrentHashMap<>();
  private final List<Thread> running = new ArrayList<>();
  private final Map<String, TimedValue<CheckpointStore.Lag>> lags = new ConcurrentHashMap<>();
  private final Map<String, TimedValue<Optional<Checkpoint>>> checkpointsSeen =
      new ConcurrentHashMap<>();
  private final List<Runnable> wakeUpListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private FeedNotificationListener listener;
  private String node;

  @PostConstruct
  void start() {
    node = configuredNode.orElse(ManagementFactory.getRuntimeMXBean().getName());
    for (Projection projection : projectionBeans) {
      if (projection instanceof TypedProjection<?>) {
        throw new IllegalStateException(
            "Projection "
                + projection.name()
                + " implements both Projection and TypedProjection: choose one");
      }
      host(projection);
    }
    for (TypedProjection<?> typed : typedProjectionBeans) {
      host(DecodingProjection.of(typed, codecs));
    }
    if (!enabled) {
      LOG.info("Projections are not run on this server (eventcore.projection.enabled=false)");
      return;
    }
    if (!wakeUp.equals("notify") && !wakeUp.equals("poll")) {
      throw new IllegalStateException(
          "eventcore.projection.wake-up must be notify or poll, not " + wakeUp);
    }
    Duration lease = Duration.ofSeconds(leaseSeconds);
    ProjectionRunner.Settings settings =
        new ProjectionRunner.Settings(
            batchSize, Duration.ofMillis(pollMillis), Duration.ofMillis(maxBackoffMillis), 20);
    for (Projection projection : projections.values()) {
      ProjectionRunner runner =
          new ProjectionRunner(
              projection,
              transactions,
              p -> new ProjectionProcessor(eventStore, checkpoints, node, lease),
              settings);
      ProjectionWorker worker = new ProjectionWorker(runner, Duration.ofMillis(maxBackoffMillis));
      workers.put(projection.name(), worker);
      startThread("eventcore-projection-" + projection.name(), worker);
    }
    if (wakeUp.equals("notify")) {
      listener =
          new FeedNotificationListener(
              dataSource, this::wakeAll, Duration.ofMillis(maxBackoffMillis));
      startThread("eventcore-feed-listener", listener);
    }
    LOG.info(
        () ->
            "Projections "
                + projections.keySet()
                + " run on node "
                + node
                + " (wake-up: "
                + wakeUp
                + ", poll every "
                + pollMillis
                + " ms)");
  }

  private void host(Projection projection) {
    Projection previous = projections.putIfAbsent(projection.name(), projection);
    if (previous != null) {
      throw new IllegalStateException(
          "Two projections are named " + projection.name() + ": names must be unique");
    }
    registerGauges(projection.name());
  }

  private void startThread(String name, Runnable work) {
    Thread thread = threads.newThread(work);
    thread.setName(name);
    thread.setDaemon(true);
    running.add(thread);
    thread.start();
  }

  private void registerGauges(String name) {
    Tag tag = new Tag("projection", name);
    gauge("eventcore.projection.lag.events", tag, h -> h.lag(name).events());
    gauge("eventcore.projection.lag.seconds", tag, h -> h.lag(name).seconds());
    gauge(
        "eventcore.projection.rebuild.processed",
        tag,
        h -> h.rebuild(name).map(RebuildProgress::processed).orElse(0L));
    gauge(
        "eventcore.projection.rebuild.total",
        tag,
        h -> h.rebuild(name).map(RebuildProgress::total).orElse(0L));
    gauge(
        "eventcore.projection.rebuild.events_per_second",
        tag,
        h -> h.rebuild(name).map(r -> r.eventsPerSecond(Instant.now())).orElse(0.0));
    gauge(
        "eventcore.projection.rebuild.eta_seconds",
        tag,
        h ->
            h.rebuild(name)
                .flatMap(r -> r.eta(Instant.now()))
                .map(d -> d.toMillis() / 1000.0)
                .orElse(0.0));
  }

  private void gauge(String metric, Tag tag, ToDoubleFunction<ProjectionHost> value) {
    metrics.gauge(metric, this, h -> value.applyAsDouble(h), tag);
  }

  /**
   * The lag of {@code projection}, computed at most once a second: a scrape reads several gauges of
   * the same projection.
   */
  CheckpointStore.Lag lag(String projection) {
    return lags.computeIfAbsent(projection, p -> new TimedValue<>(() -> checkpoints.lag(p))).get();
  }

  private Optional<RebuildProgress> rebuild(String projection) {
    return checkpointsSeen
        .computeIfAbsent(projection, p -> new TimedValue<>(() -> checkpoints.find(p)))
        .get()
        .flatMap(Checkpoint::rebuild);
  }

  /**
   * Wakes every worker of this server, and every {@linkplain #onNewEvents listener}: there may be
   * new events.
   */
  public void wakeAll() {
    workers.values().forEach(ProjectionWorker::wake);
    wakeUpListeners.forEach(Runnable::run);
  }

  /**
   * Calls {@code wakeUp} whenever the projections of this server are woken: on each PostgreSQL
   * notification of new events (with {@code eventcore.projection.wake-up=notify} and projections
   * enabled here), and after the listener reconnects. Other feed readers of this server (the
   * server-sent events fan-out) use it to wake on the same notifications; they must still poll,
   * since notifications may be off or missed. {@code wakeUp} must return at once.
   *
   * @return whether notifications are delivered on this server at all
   */
  public boolean onNewEvents(Runnable wakeUp) {
    wakeUpListeners.add(wakeUp);
    return listener != null;
  }

  /** Stops calling {@code wakeUp} (see {@link #onNewEvents}). */
  public void removeNewEventsListener(Runnable wakeUp) {
    wakeUpListeners.remove(wakeUp);
  }

  /** Wakes the worker of {@code projection}, if it runs here. */
  public void wake(String projection) {
    Optional.ofNullable(workers.get(projection)).ifPresent(ProjectionWorker::wake);
  }

  /** The node id this server runs projections as. */
  public String node() {
    return node;
  }

  /** Whether projections run on this server. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Every projection of the application, by name, whether it runs here or not (typed ones as their
   * {@link DecodingProjection}).
   */
  public Map<String, Projection> projections() {
    return Map.copyOf(projections);
  }

  /** The runner of {@code projection} on this server, if projections run here. */
  public Optional<ProjectionRunner> runner(String projection) {
    return Optional.ofNullable(workers.get(projection)).map(ProjectionWorker::runner);
  }

  /** Whether this server currently receives PostgreSQL notifications of new events. */
  public boolean listening() {
    return listener != null && listener.listening();
  }

  /**
   * Stops the workers after their current round, joins their threads (up to 30 s), then releases
   * the leases so that another server takes over at once.
   */
  @PreDestroy
  void stop() {
    if (listener != null) {
      listener.stop();
    }
    workers.values().forEach(ProjectionWorker::stop);
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    for (Thread thread : running) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (thread.isAlive()) {
        LOG.warning(() -> thread.getName() + " did not stop within " + STOP_TIMEOUT);
      }
    }
    workers.values().forEach(worker -> worker.runner().release());
  }

  /** A value recomputed at most once a second. */
  private static final class TimedValue<T> {
    private final java.util.function.Supplier<T> compute;
    private volatile T value;
    private volatile long computedAt;

    TimedValue(java.util.function.Supplier<T> compute) {
      this.compute = compute;
    }

    T get() {
      long now = System.nanoTime();
      if (value == null || now - computedAt > TimeUnit.SECONDS.toNanos(1)) {
        value = compute.get();
        computedAt = now;
      }
      return value;
    }
  }
}
