package org.eventcore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eventcore.dev.ServerJvm;
import org.junit.jupiter.api.Test;

/**
 * The workload W4P (W4 on Payara Server, ADR 0011) in one run with W4 on WildFly, for about a
 * second per point at 1 and 16 clients: both servers serve the transfers without a failed
 * operation, the data checks pass, and the report puts the two servers side by side with the RSS of
 * each process. A correctness check of the harness, never a speed assertion. Not part of {@code
 * ./mvnw verify} (it starts a second server, about two minutes on a loaded 2-core machine): run it
 * with {@code ./mvnw -pl eventcore-bench verify -Dit.test=BenchmarkPayaraSmokeIT} after {@code
 * ./mvnw install -DskipTests}.
 */
class BenchmarkPayaraSmokeIT {

  private static final Pattern SIDE_BY_SIDE =
      Pattern.compile(
          "SERVERS W4 clients=(\\d+): WildFly [\\d.]+ ops/s, p99 [\\d.]+ ms, RSS (\\d+) MB"
              + " \\| Payara [\\d.]+ ops/s, p99 [\\d.]+ ms, RSS (\\d+) MB");

  @Test
  void w4RunsOnWildFlyAndOnPayaraAndTheReportShowsBothWithTheirMemory() throws Exception {
    BenchConfig config =
        new BenchConfig(
            Duration.ofSeconds(1),
            Duration.ofMillis(500),
            1,
            List.of(1, 16),
            new LinkedHashSet<>(List.of("W4", "W4P")),
            1000,
            0,
            List.of(),
            List.of(),
            Integer.getInteger("bench.portOffset", 20000),
            0,
            ServerJvm.DEFAULT_OPTIONS,
            Path.of(System.getProperty("bench.wildflyHome")),
            Path.of(System.getProperty("bench.ear")),
            Path.of(System.getProperty("bench.classes")),
            Path.of(System.getProperty("bench.workDir")),
            "");

    Benchmark.Report report = Benchmark.run(config);

    assertThat(report.failures()).isEmpty();
    assertThat(report.points())
        .extracting(p -> p.workload() + "/" + p.level() + "/" + p.clients())
        .containsExactly("W4/http/1", "W4/http/16", "W4/payara/1", "W4/payara/16");
    for (Point point : report.points()) {
      assertThat(point.combined().ops())
          .as("transfers of %s %s", point.level(), point.clients())
          .isPositive();
      assertThat(point.combined().errors()).isZero();
    }
    Matcher line = SIDE_BY_SIDE.matcher(report.text());
    List<String> clients = new java.util.ArrayList<>();
    while (line.find()) {
      clients.add(line.group(1));
      assertThat(Integer.parseInt(line.group(2))).as("WildFly RSS").isPositive();
      assertThat(Integer.parseInt(line.group(3))).as("Payara RSS").isPositive();
    }
    assertThat(clients).containsExactly("1", "16");
    assertThat(report.text())
        .contains("RESULT workload=W4 level=payara clients=16 ops_s=")
        .contains("VERIFY ok");
  }
}
