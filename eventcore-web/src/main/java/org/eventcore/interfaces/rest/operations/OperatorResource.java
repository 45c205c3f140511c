package org.eventcore.interfaces.rest.operations;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Snapshot;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eventcore.application.operations.ConflictCounts;
import org.eventcore.application.operations.HotStreams;
import org.eventcore.application.operations.StoreBrowser;
import org.eventcore.interfaces.rest.problem.InvalidFieldException;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * What the operator console ({@code /operator-console/}) reads besides the events themselves; every
 * operation needs the role {@code operator} or {@code admin}.
 *
 * <ul>
 *   <li>{@code GET /api/v1/operator/streams?prefix=&after=&limit=}: stream ids starting with {@code
 *       prefix}, with their versions, in id order; {@code next} continues after the last one. Ids
 *       and versions only — reading a stream's events is {@code GET /api/v1/streams/{id}}, with the
 *       reader's role and the stream permissions.
 *   <li>{@code GET /api/v1/operator/hot-streams}: the streams that commands conflicted on most
 *       since the server started ({@link HotStreams}, bounded), with their estimated counts.
 *   <li>{@code GET /api/v1/operator/summary}: per command type the executions, outcomes, retries
 *       and the latency percentiles of the metrics registry (p50, p95, p99 in milliseconds, over
 *       the registry's sliding window of recent executions), totals, and the cursor at the end of
 *       the feed (for a live subscription from now on). Counts are cumulative since the server
 *       started: rates come from two summaries.
 * </ul>
 */
// a CDI bean of eventcore-web's own archive, so that a second WAR with its own copy works on
// Payara (ADR 0011)
@RequestScoped
@Path("/operator")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class OperatorResource {

  private static final int MAX_LIMIT = 1000;
  private static final int MAX_PREFIX = 255;

  private static final String[] OUTCOMES = {
    "success", "rejected", "conflict-retried", "conflict-exhausted", "failed"
  };

  @Inject StoreBrowser browser;
  @Inject HotStreams hotStreams;
  @Inject MetricRegistry metrics;

  @GET
  @Path("/streams")
  public String streams(
      @QueryParam("prefix") @DefaultValue("") String prefix,
      @QueryParam("after") String after,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidFieldException("limit", "limit must be between 1 and " + MAX_LIMIT);
    }
    if (prefix.length() > MAX_PREFIX) {
      throw new InvalidFieldException(
          "prefix", "prefix must be at most " + MAX_PREFIX + " characters (a stream id's length)");
    }
    var heads = browser.streamsByPrefix(prefix, Optional.ofNullable(after), limit);
    JsonArrayBuilder streams = JSON.createArrayBuilder();
    heads.forEach(
        head ->
            streams.add(
                JSON.createObjectBuilder()
                    .add("streamId", head.streamId())
                    .add("version", head.version().value())));
    JsonObjectBuilder answer = JSON.createObjectBuilder().add("streams", streams);
    if (heads.size() == limit) {
      answer.add("next", heads.get(heads.size() - 1).streamId());
    }
    return answer.build().toString();
  }

  @GET
  @Path("/hot-streams")
  public String hotStreams() {
    JsonArrayBuilder streams = JSON.createArrayBuilder();
    for (ConflictCounts.Entry entry : hotStreams.top()) {
      streams.add(
          JSON.createObjectBuilder()
              .add("streamId", entry.stream().value())
              .add("conflicts", entry.conflicts())
              .add("overcount", entry.overcount()));
    }
    return JSON.createObjectBuilder()
        .add("capacity", hotStreams.capacity())
        .add("totalConflicts", hotStreams.total())
        .add("streams", streams)
        .build()
        .toString();
  }

  @GET
  @Path("/summary")
  public String summary() {
    Map<String, Timer> durations = new TreeMap<>();
    metrics
        .getTimers((id, metric) -> id.getName().equals("eventcore.command.duration"))
        .forEach((id, timer) -> durations.put(id.getTags().get("command"), timer));
    JsonArrayBuilder commands = JSON.createArrayBuilder();
    long executions = 0;
    long retries = 0;
    Map<String, Long> totals = new TreeMap<>();
    for (Map.Entry<String, Timer> entry : durations.entrySet()) {
      String command = entry.getKey();
      Timer timer = entry.getValue();
      JsonObjectBuilder outcomes = JSON.createObjectBuilder();
      for (String outcome : OUTCOMES) {
        long count = count("eventcore.command.outcomes", command, outcome);
        outcomes.add(outcome, count);
        totals.merge(outcome, count, Long::sum);
      }
      Histogram attempts =
          metrics.getHistogram(new MetricID("eventcore.command.attempts", tag(command)));
      long commandRetries =
          attempts == null ? 0 : Math.max(0, attempts.getSum() - attempts.getCount());
      executions += timer.getCount();
      retries += commandRetries;
      JsonObjectBuilder json =
          JSON.createObjectBuilder()
              .add("command", command)
              .add("executions", timer.getCount())
              .add("retries", commandRetries)
              .add("outcomes", outcomes);
      percentiles(timer.getSnapshot(), json);
      commands.add(json);
    }
    JsonObjectBuilder total =
        JSON.createObjectBuilder().add("executions", executions).add("retries", retries);
    totals.forEach(total::add);
    return JSON.createObjectBuilder()
        .add("at", Instant.now().toString())
        .add("feedEnd", browser.feedEnd().encode())
        .add("totals", total)
        .add("commands", commands)
        .build()
        .toString();
  }

  private long count(String name, String command, String outcome) {
    Counter counter =
        metrics.getCounter(new MetricID(name, tag(command), new Tag("outcome", outcome)));
    return counter == null ? 0 : counter.getCount();
  }

  private static Tag tag(String command) {
    return new Tag("command", command);
  }

  /** p50, p95 and p99 in milliseconds (the registry's timer snapshots hold nanoseconds). */
  private static void percentiles(Snapshot snapshot, JsonObjectBuilder json) {
    for (Snapshot.PercentileValue value : snapshot.percentileValues()) {
      String name =
          value.getPercentile() == 0.5
              ? "p50Ms"
              : value.getPercentile() == 0.95
                  ? "p95Ms"
                  : value.getPercentile() == 0.99 ? "p99Ms" : null;
      if (name != null) {
        json.add(name, Math.round(value.getValue() / 1_000.0) / 1_000.0);
      }
    }
  }
}
