package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/** The deployed service serves its OpenAPI document at /openapi. */
@EventCoreServerTest
@RunAsClient
class OpenApiIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  @Test
  void theDocumentIsServedAsYamlAndJson() {
    HttpResponse<String> yaml = Http.get(Http.app() + "/openapi");
    assertThat(yaml.statusCode()).isEqualTo(200);
    assertThat(yaml.body()).contains("/api/v1/transfers").contains("application/problem+json");

    JsonObject json = Api.json(Http.get(Http.app() + "/openapi?format=JSON"));
    assertThat(json.getJsonObject("paths").keySet())
        .contains(
            "/api/v1/accounts",
            "/api/v1/transfers",
            "/api/v1/orders/{id}/fulfilment",
            "/api/v1/events/stream");
    assertThat(json.getJsonObject("components").getJsonObject("schemas").keySet())
        .contains("Problem", "CommandResult");
  }
}
