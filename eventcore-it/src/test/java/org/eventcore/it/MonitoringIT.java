package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboards and alerts shipped in {@code monitoring/} (issue 16, point 5; ADR 0015), checked
 * with Prometheus' own {@code promtool} (Debian's {@code prometheus} package; {@code .ci/run}
 * installs it): the alert rules are valid and pass their unit tests, a live scrape of {@code
 * /metrics} passes {@code promtool check metrics}, and every metric the rules and the Grafana
 * dashboard query is one the server exports, in a query Prometheus parses.
 */
@EventCoreServerTest
@RunAsClient
class MonitoringIT {

  private static final Path MONITORING = Path.of("..", "monitoring").toAbsolutePath().normalize();
  private static final Path RULES = MONITORING.resolve("prometheus/eventcore-alerts.yml");
  private static final Path RULE_TESTS = MONITORING.resolve("prometheus/eventcore-alerts-test.yml");
  private static final Path DASHBOARD = MONITORING.resolve("grafana/eventcore-dashboard.json");

  /**
   * The metric names in queries: EventCore's wherever they stand, any other name where it selects
   * series ({@code name{…}}); label names stand inside the braces, functions before a parenthesis.
   */
  private static final Pattern METRIC_IN_QUERY =
      Pattern.compile("\\b(eventcore_[a-zA-Z0-9_]+|[a-zA-Z_:][a-zA-Z0-9_:]*(?=\\{))");

  private static final Pattern SAMPLE_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)");

  private static String scrape;

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  /**
   * Runs commands of two kinds (and a conflict-free repeat) so their series exist, then scrapes.
   */
  @BeforeAll
  static void scrapeAfterSomeCommands() {
    String account = Api.fresh("monitoring");
    assertThat(Api.openAccount(account, 100).statusCode()).isEqualTo(201);
    assertThat(Api.withdraw(account, 1).statusCode()).isEqualTo(200);
    assertThat(Api.withdraw(account, 1).statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = Http.get(Http.app() + "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    scrape = metrics.body();
  }

  @Test
  void theAlertRulesAreValidAndPassTheirUnitTests() throws Exception {
    Result check = promtool(null, "check", "rules", RULES.toString());
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 6 rules found");

    Result tests = promtool(null, "test", "rules", RULE_TESTS.toString());
    assertThat(tests.exitCode()).as(tests.output()).isZero();
    assertThat(tests.output()).contains("SUCCESS");
  }

  /**
   * {@code promtool check metrics} parses the whole scrape (exit code 1 would be a format error)
   * and lints it (exit code 3 with a list of problems). The problems it may report are the known
   * ones, and only those (ADR 0015): EventCore's metrics are registered without help text; the
   * MicroProfile Metrics base metrics of SmallRye ({@code memory_usedHeap_bytes}, {@code
   * thread_count}, …) have the names the MicroProfile specification gives them; the gauge {@code
   * eventcore_projection_rebuild_total} keeps its published name; and on Payara, its own metrics
   * (pool counters without {@code _total}, Fault Tolerance metrics with the specification's
   * camel-case tags, without help text). Anything else — a counter of ours without {@code _total},
   * a duplicate, a bad unit suffix, any finding about an {@code eventcore_} metric but the missing
   * help text — fails.
   */
  @Test
  void aLiveScrapeOfMetricsPassesPromtoolCheckMetrics() throws Exception {
    assertThat(scrape).contains("eventcore_command_outcomes_total").contains("eventcore_ready");

    Result check = promtool(scrape, "check", "metrics");
    assertThat(check.exitCode()).as(check.output()).isIn(0, 3);
    List<String> unexpected =
        check.output().lines().filter(l -> !l.isBlank()).filter(l -> !knownLint(l)).toList();
    assertThat(unexpected).as("problems promtool found in the scrape").isEmpty();
    assertThat(check.output())
        .as("our own gauge has its help text")
        .doesNotContain("eventcore_ready no help text");
  }

  private static boolean knownLint(String problem) {
    String metric = problem.substring(0, Math.max(0, problem.indexOf(' ')));
    String finding = problem.substring(problem.indexOf(' ') + 1);
    if (metric.startsWith("eventcore_")) {
      return finding.equals("no help text")
          || (metric.equals("eventcore_projection_rebuild_total")
              && finding.equals("non-counter metrics should not have \"_total\" suffix"));
    }
    if (finding.equals("metric names should be written in 'snake_case' not 'camelCase'")
        || finding.equals(
            "non-histogram and non-summary metrics should not have \"_count\" suffix")) {
      return true;
    }
    // Payara's own metrics (its MicroProfile Metrics, not the application's): its connection-pool
    // counters (connection_pool_<pool>_totalConnection), and the Fault Tolerance metrics with the
    // camel-case tags the MicroProfile Fault Tolerance specification names (retryResult, ...)
    return Http.payara()
        && (finding.equals("no help text")
            || finding.equals("counter metrics should have \"_total\" suffix")
            || finding.equals("label names should be written in 'snake_case' not 'camelCase'"));
  }

  @Test
  void theServerIsReportedReadyAsAGauge() {
    assertThat(scrape).containsPattern("(?m)^eventcore_ready\\{[^}]*\\} 1\\.0$");
  }

  @Test
  void everyMetricTheRulesAndTheDashboardQueryIsExported() throws Exception {
    Set<String> exported = exportedNames(scrape);
    List<String> queries = new ArrayList<>(dashboardQueries());
    assertThat(queries).as("the dashboard's queries").hasSizeGreaterThan(10);
    Set<String> used = new TreeSet<>();
    for (String query : queries) {
      used.addAll(metricsIn(query));
    }
    used.addAll(metricsIn(Files.readString(RULES)));
    used.remove("up"); // Prometheus' own, for every target
    assertThat(used).isNotEmpty();
    assertThat(exported).as("the metrics of a live scrape").containsAll(used);
  }

  @Test
  void everyDashboardQueryIsValidPromQl() throws Exception {
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int panel = 0;
    for (String query : dashboardQueries()) {
      String concrete =
          query.replace("$__rate_interval", "5m").replace("$job", "eventcore").replace("'", "''");
      rules
          .append("      - record: dashboard:query_")
          .append(panel++)
          .append("\n        expr: '")
          .append(concrete.replace("\n", " "))
          .append("'\n");
    }
    Path file = Files.createTempFile(Path.of("target"), "dashboard-queries", ".yml");
    Files.writeString(file, rules);
    Result check = promtool(null, "check", "rules", file.toString());
    assertThat(check.exitCode()).as(check.output() + "\n" + rules).isZero();
  }

  private static List<String> dashboardQueries() throws IOException {
    JsonObject dashboard;
    try (JsonReader reader = Json.createReader(new StringReader(Files.readString(DASHBOARD)))) {
      dashboard = reader.readObject();
    }
    List<String> queries = new ArrayList<>();
    collectQueries(dashboard, queries);
    return queries;
  }

  private static void collectQueries(JsonValue value, List<String> queries) {
    if (value instanceof JsonObject object) {
      if (object.containsKey("expr")
          && object.get("expr").getValueType() == JsonValue.ValueType.STRING) {
        queries.add(object.getString("expr"));
      }
      object.values().forEach(v -> collectQueries(v, queries));
    } else if (value instanceof JsonArray array) {
      array.forEach(v -> collectQueries(v, queries));
    }
  }

  private static Set<String> metricsIn(String query) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = METRIC_IN_QUERY.matcher(query);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  private static Set<String> exportedNames(String text) {
    return text.lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(SAMPLE_NAME::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private record Result(int exitCode, String output) {}

  private static Result promtool(String input, String... arguments) throws Exception {
    Path promtool = Path.of("/usr/bin/promtool");
    String executable = Files.isExecutable(promtool) ? promtool.toString() : "promtool";
    List<String> command = new ArrayList<>(List.of(executable));
    command.addAll(List.of(arguments));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException missing) {
      throw new AssertionError(
          "promtool is needed: install Debian's prometheus package (apt-get install prometheus);"
              + " .ci/run does it when it is missing",
          missing);
    }
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    try (OutputStream stdin = process.getOutputStream()) {
      if (input != null) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("promtool ended").isTrue();
    return new Result(process.exitValue(), output.get(30, TimeUnit.SECONDS));
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
