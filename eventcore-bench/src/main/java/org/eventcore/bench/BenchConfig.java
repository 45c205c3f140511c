package org.eventcore.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eventcore.dev.ServerJvm;

/**
 * Settings of a run, from system properties ({@code -Dbench.*}); the defaults are the standard
 * workloads' (WORKLOADS.md): 5 s warm-up, 20 s per point, each point twice, 1/4/16/32 clients.
 *
 * @param workloads which series run: {@code W1}, {@code W2}, {@code MDB} (the Message DB peer of W1
 *     and W2), {@code W4}, {@code W3}, {@code W2L} (W2 on long streams)
 * @param accounts streams per write point ({@code account-<point>-1} …)
 * @param feedEvents events of the global log that W3 reads and replays
 * @param longStreams stream lengths of the long-stream W2 series
 * @param scaleEvents the store sizes (events, ten per stream) at which the scale series ({@code
 *     SCALE}) measures, ascending; the store grows from one to the next
 * @param portOffset WildFly port offset (HTTP 8080 + offset)
 * @param databasePort port of the embedded PostgreSQL, 0 for any free one
 * @param serverJvm JVM options of the server: {@code bench.serverJvm}, or when that is empty the
 *     run command's ({@link ServerJvm#DEFAULT_OPTIONS})
 * @param report where the report is written as well (empty: console only)
 */
public record BenchConfig(
    Duration measured,
    Duration warmup,
    int repeats,
    List<Integer> clients,
    Set<String> workloads,
    int accounts,
    int feedEvents,
    List<Integer> longStreams,
    List<Integer> scaleEvents,
    int portOffset,
    int databasePort,
    List<String> serverJvm,
    Path wildflyHome,
    Path ear,
    Path classes,
    Path workDirectory,
    String report) {

  public static BenchConfig fromSystemProperties() {
    return new BenchConfig(
        Duration.ofMillis(Math.round(doubleProperty("bench.seconds", 20) * 1000)),
        Duration.ofMillis(Math.round(doubleProperty("bench.warmup", 5) * 1000)),
        Integer.parseInt(property("bench.repeats", "2")),
        ints(property("bench.clients", "1,4,16,32")),
        Arrays.stream(property("bench.workloads", "W1,W2,MDB,W4,W3,W2L,SCALE,W4P").split(","))
            .map(String::trim)
            .map(String::toUpperCase)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(java.util.LinkedHashSet::new)),
        Integer.parseInt(property("bench.accounts", "10000")),
        Integer.parseInt(property("bench.feedEvents", "1000000")),
        ints(property("bench.longStreams", "10,10000,100000")),
        ints(property("bench.scaleEvents", "100000,1000000,10000000")),
        Integer.parseInt(property("bench.portOffset", "20000")),
        Integer.parseInt(property("bench.dbPort", "0")),
        System.getProperty("bench.serverJvm", "").isBlank()
            ? ServerJvm.DEFAULT_OPTIONS
            : Arrays.stream(System.getProperty("bench.serverJvm").trim().split("\\s+")).toList(),
        Path.of(property("bench.wildflyHome", "server-config/target/server")),
        Path.of(property("bench.ear", "eventcore-ear/target/eventcore.ear")),
        Path.of(property("bench.classes", "eventcore-bench/target/classes")),
        Path.of(property("bench.workDir", "eventcore-bench/target/bench")),
        property("bench.report", ""));
  }

  public boolean runs(String workload) {
    return workloads.contains(workload);
  }

  /** The command-line form of these settings, for the report. */
  public String describe() {
    return String.format(
        "warm-up %s s, %s s per point, %d repeat(s), clients %s, workloads %s, %d accounts per"
            + " point, global log %d events, long streams %s, scale series %s events",
        seconds(warmup),
        seconds(measured),
        repeats,
        clients.stream().map(String::valueOf).collect(Collectors.joining(",")),
        String.join(",", workloads),
        accounts,
        feedEvents,
        longStreams.stream().map(String::valueOf).collect(Collectors.joining(",")),
        scaleEvents.stream().map(String::valueOf).collect(Collectors.joining(",")));
  }

  private static String seconds(Duration d) {
    double s = d.toMillis() / 1000.0;
    return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
  }

  private static String property(String name, String defaultValue) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  private static double doubleProperty(String name, double defaultValue) {
    return Double.parseDouble(property(name, Double.toString(defaultValue)));
  }

  private static List<Integer> ints(String list) {
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Integer::valueOf)
        .toList();
  }
}
