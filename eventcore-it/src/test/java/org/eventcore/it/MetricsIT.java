package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics}: Prometheus text from the bundled SmallRye Metrics, with live application
 * metrics.
 */
@EventCoreServerTest
@RunAsClient
class MetricsIT {

  private static final Pattern EVENTS_APPENDED =
      Pattern.compile("(?m)^eventcore_store_events_appended_total\\{[^}]*\\}\\s+(\\S+)$");

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  @Test
  void servesPrometheusTextWithBaseMetrics() {
    HttpResponse<String> response = Http.get(Http.app() + "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(response.body())
        .contains("# TYPE")
        .contains("jvm_uptime_seconds")
        .contains("eventcore_feed_horizon_age_seconds");
  }

  @Test
  void theEventsAppendedCounterFollowsTheApi() {
    double before = eventsAppended();

    HttpResponse<String> created =
        Http.postJson(
            Http.app() + "/api/v1/streams/metrics-" + UUID.randomUUID() + "/events",
            "[{\"type\":\"A\",\"data\":{}},{\"type\":\"B\",\"data\":{}},{\"type\":\"C\",\"data\":{}}]");
    assertThat(created.statusCode()).isEqualTo(201);

    assertThat(eventsAppended()).isEqualTo(before + 3);
    assertThat(Http.get(Http.app() + "/metrics?scope=application").body())
        .contains(
            "eventcore_store_operations_seconds_count{mp_scope=\"application\",operation=\"append\"")
        .contains("eventcore_http_requests_seconds_count{endpoint=\"StreamResource.append\"");
  }

  @Test
  void storeReadsAreTimed() {
    Http.get(Http.app() + "/api/v1/streams/metrics-read-" + UUID.randomUUID());
    assertThat(Http.get(Http.app() + "/metrics?scope=application").body())
        .contains(
            "eventcore_store_operations_seconds_count{mp_scope=\"application\",operation=\"read\"")
        .contains(
            "eventcore_http_requests_seconds_count{endpoint=\"StreamResource.read\",method=\"GET\"");
  }

  private static double eventsAppended() {
    String metrics = Http.get(Http.app() + "/metrics?scope=application").body();
    Matcher matcher = EVENTS_APPENDED.matcher(metrics);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0;
  }
}
