package org.eventcore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eventcore.dev.DevDatabase;
import org.eventcore.dev.DevKeys;
import org.eventcore.dev.PayaraDomain;
import org.eventcore.dev.PayaraServer;

/**
 * The Payara Server under test for the workload {@code W4P} (W4, transfers over HTTP, on Payara;
 * ADR 0011): a fresh copy of the domain provisioned by {@code payara-config} under the bench's work
 * directory, configured like the bench's WildFly (the same database, projections off, no rate
 * limit, a bench key for the tokens), with its ports at the bench offset + 500, and the built
 * {@code eventcore-payara.ear} deployed as it is (W4 needs no bench WAR: it goes through the public
 * API only).
 *
 * <p>Where it comes from: {@code -Dbench.payaraHome} (default {@code payara-config/target/payara6})
 * and {@code -Dbench.payaraEar} (default {@code eventcore-ear-payara/target/eventcore-payara.ear}).
 * The heap and metaspace limits are those of Payara's {@code domain1} ({@code -Xmx512m}), which
 * {@code bench.serverJvm} does not change.
 */
final class PayaraBenchServer implements AutoCloseable {

  private final BenchConfig config;
  private final Path home;
  private final Path ear;
  private final Path workDirectory;
  private PayaraServer server;
  private DevKeys keys;

  PayaraBenchServer(BenchConfig config) {
    this.config = config;
    this.home =
        Path.of(System.getProperty("bench.payaraHome", "payara-config/target/payara6"))
            .toAbsolutePath()
            .normalize();
    this.ear =
        Path.of(
                System.getProperty(
                    "bench.payaraEar", "eventcore-ear-payara/target/eventcore-payara.ear"))
            .toAbsolutePath()
            .normalize();
    this.workDirectory = config.workDirectory().toAbsolutePath().resolve("payara");
  }

  int portOffset() {
    return config.portOffset() + 500;
  }

  String baseUrl() {
    return "http://localhost:" + (8080 + portOffset());
  }

  Path serverLog() {
    return workDirectory.resolve("domains/eventcore-bench/logs/server.log");
  }

  /** Starts the domain on {@code database} and deploys the Payara EAR. */
  void start(DevDatabase database) throws IOException, InterruptedException {
    if (!PayaraServer.installedAt(home)) {
      throw new IllegalStateException(
          "No provisioned Payara Server at " + home + " (build payara-config first)");
    }
    if (!Files.isRegularFile(ear)) {
      throw new IllegalStateException("Build the Payara EAR first: " + ear + " is missing");
    }
    keys = DevKeys.in(workDirectory.resolve("jwt"));
    PayaraDomain domain =
        PayaraDomain.copy(
            home.resolve("glassfish/domains/domain1"),
            workDirectory.resolve("domains/eventcore-bench"));
    domain.configure(
        PayaraDomain.Settings.withOffset(
                portOffset(), database.jdbcUrl(), database.user(), database.password(), 32)
            .withSystemProperties(keys.serverProperties())
            .withSystemProperties(
                Map.of(
                    // as on the bench's WildFly: the example projections would replay every
                    // benchmark event on the same cores; one caller drives the load
                    "eventcore.projection.enabled", "false",
                    "eventcore.security.rate-limit.requests", "0")));
    server =
        new PayaraServer(home, domain, 4848 + portOffset(), workDirectory.resolve("console.log"));
    server.start();
    server.deploy(ear, "eventcore");
  }

  /** A bearer token with the administrator role. */
  String token() {
    return keys.token("admin");
  }

  long pid() {
    return server.process().map(ProcessHandle::pid).orElse(-1L);
  }

  /** Resident memory of the Payara process (VmRSS), in MiB; -1 when unknown. */
  double rssMegabytes() {
    long pid = pid();
    return pid < 0 ? -1 : BenchServer.rssMegabytes(pid);
  }

  @Override
  public void close() {
    PayaraServer running = server;
    if (running != null) {
      running.stop();
    }
  }
}
