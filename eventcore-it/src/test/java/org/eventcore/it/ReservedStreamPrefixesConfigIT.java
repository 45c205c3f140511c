package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * The reserved stream prefixes are configuration, not code: the built EAR with {@code
 * eventcore.streams.reserved-prefixes} overridden (as an operator would with a system property or
 * environment variable) reserves exactly the configured prefixes instead of the service's own.
 */
@EventCoreServerTest
@RunAsClient
class ReservedStreamPrefixesConfigIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEarWithConfig("eventcore.streams.reserved-prefixes= ledger- ,audit-");
  }

  private static HttpResponse<String> append(String stream) {
    return Http.postJson(
        Api.url("/streams/" + stream + "/events"), "[{\"type\":\"NoteTaken\",\"data\":{}}]");
  }

  @Test
  void theConfiguredPrefixesAreReservedInsteadOfTheServiceDefaults() {
    String ledger = Api.fresh("ledger");
    StreamApiIT.assertReserved(append(ledger), ledger, "ledger-");
    String audit = Api.fresh("audit");
    StreamApiIT.assertReserved(append(audit), audit, "audit-");
    assertThat(Api.json(Http.get(Api.url("/streams/" + ledger))).getInt("version")).isZero();

    // the service's own list is replaced, not extended: account- streams are open again here
    String account = "account-" + Api.fresh("configured");
    HttpResponse<String> created = append(account);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }
}
