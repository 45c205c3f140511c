package org.eventcore.application.command;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eventcore.application.command.state.CommandStates;
import org.eventcore.application.command.state.StateCodec;

/**
 * The application's one {@link CommandStates}: the state cache and the snapshot policy, configured
 * with MicroProfile Config and measured with MicroProfile Metrics (ADR 0005).
 *
 * <ul>
 *   <li>{@code eventcore_command_state_cache_hits_total{command}}, {@code …_misses_total{command}},
 *       {@code eventcore_command_state_cache_evictions_total}, {@code
 *       eventcore_command_state_cache_size} and {@code …_max_entries};
 *   <li>{@code eventcore_command_snapshots_total{command, outcome}} with outcome {@code loaded},
 *       {@code ignored-incompatible}, {@code ignored-unreadable}, {@code written}, {@code
 *       skipped-busy}, {@code skipped-not-round-trippable}, {@code failed};
 *   <li>{@code eventcore_command_events_folded_total{command}}: events applied by attempts — with
 *       reuse, only the events written since the reused state.
 * </ul>
 *
 * <p>Snapshots are written on the server's default managed executor, each in its own transaction.
 */
@ApplicationScoped
public class CommandStateReuse {

  private static final Logger LOG = Logger.getLogger(CommandStateReuse.class.getName());

  @Inject
  @ConfigProperty(name = "eventcore.command.state-cache.max-entries", defaultValue = "10000")
  int cacheMaxEntries;

  @Inject
  @ConfigProperty(name = "eventcore.command.snapshots.enabled", defaultValue = "true")
  boolean snapshots;

  @Inject
  @ConfigProperty(name = "eventcore.command.snapshots.every-events", defaultValue = "500")
  long snapshotEveryEvents;

  @Inject
  @ConfigProperty(name = "eventcore.command.snapshots.max-pending-writes", defaultValue = "4")
  int maxPendingWrites;

  @Inject MetricRegistry metrics;
  @Inject SnapshotWriting writing;
  @Inject StateCodec codec;

  @Resource ManagedExecutorService executor;

  private CommandStates states;

  @PostConstruct
  void init() {
    CommandStates.Settings settings =
        new CommandStates.Settings(
            cacheMaxEntries, snapshots, snapshotEveryEvents, maxPendingWrites);
    java.util.concurrent.Executor writes = executor;
    if (writes == null) {
      // no managed executor here: write in the command's thread, still in a transaction of its own
      LOG.warning("No managed executor: snapshots are written in the command's thread");
      writes = Runnable::run;
    }
    states = new CommandStates(settings, codec, writing::write, writes, new Metrics(metrics));
    metrics.gauge("eventcore.command.state.cache.size", states.cache(), c -> (long) c.size());
    metrics.gauge(
        "eventcore.command.state.cache.max.entries", states.cache(), c -> (long) c.maxEntries());
    LOG.info(
        () ->
            "Command state cache: "
                + (cacheMaxEntries > 0 ? "up to " + cacheMaxEntries + " states" : "off")
                + "; snapshots: "
                + (snapshots ? "every " + snapshotEveryEvents + " events" : "off"));
  }

  public CommandStates states() {
    return states;
  }

  /** Counters in the application registry. */
  private static final class Metrics implements CommandStates.Listener {
    private final MetricRegistry metrics;

    Metrics(MetricRegistry metrics) {
      this.metrics = metrics;
    }

    @Override
    public void cacheHit(String commandType) {
      metrics.counter("eventcore.command.state.cache.hits", command(commandType)).inc();
    }

    @Override
    public void cacheMiss(String commandType) {
      metrics.counter("eventcore.command.state.cache.misses", command(commandType)).inc();
    }

    @Override
    public void cacheEviction() {
      metrics.counter("eventcore.command.state.cache.evictions").inc();
    }

    @Override
    public void snapshotLoaded(String commandType) {
      snapshot(commandType, "loaded");
    }

    @Override
    public void snapshotIgnored(String commandType, String reason) {
      snapshot(commandType, "ignored-" + reason);
    }

    @Override
    public void snapshotWritten(String commandType) {
      snapshot(commandType, "written");
    }

    @Override
    public void snapshotSkipped(String commandType, String reason) {
      snapshot(commandType, "skipped-" + reason);
    }

    @Override
    public void snapshotFailed(String commandType) {
      snapshot(commandType, "failed");
    }

    @Override
    public void eventsFolded(String commandType, long events) {
      if (events > 0) {
        metrics.counter("eventcore.command.events.folded", command(commandType)).inc(events);
      }
    }

    private void snapshot(String commandType, String outcome) {
      metrics
          .counter("eventcore.command.snapshots", command(commandType), new Tag("outcome", outcome))
          .inc();
    }

    private static Tag command(String commandType) {
      return new Tag("command", commandType);
    }
  }
}
