package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/** Order fulfilment through the real executor: discovery of inventory streams, one atomic write. */
@EventCoreServerTest
@RunAsClient
class OrdersApiIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  @Test
  void fulfilmentWritesStockOrderAndShipmentTogether() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String apples = "apples-" + run;
    String pears = "pears-" + run;
    String order = "order-" + run;
    assertThat(
            Http.postJson(Api.url("/inventory/" + apples + "/restocks"), "{\"quantity\":5}")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            Http.postJson(Api.url("/inventory/" + pears + "/restocks"), "{\"quantity\":2}")
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> placed =
        Http.postJson(
            Api.url("/orders"),
            "{\"orderId\":\""
                + order
                + "\",\"items\":[{\"sku\":\""
                + apples
                + "\",\"quantity\":3},"
                + "{\"sku\":\""
                + pears
                + "\",\"quantity\":2}]}");
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);

    HttpResponse<String> fulfilled = Http.postJson(Api.url("/orders/" + order + "/fulfilment"), "");

    assertThat(fulfilled.statusCode()).as(fulfilled.body()).isEqualTo(200);
    assertThat(
            Api.json(fulfilled).getJsonArray("events").stream()
                .map(JsonValue::asJsonObject)
                .map(e -> e.getString("streamId")))
        .containsExactlyInAnyOrder(
            "inventory-" + apples, "inventory-" + pears, "order-" + order, "shipment-" + order);
    JsonObject state = Api.json(Http.get(Api.url("/orders/" + order)));
    assertThat(state.getString("status")).isEqualTo("FULFILLED");
    assertThat(Api.json(Http.get(Api.url("/inventory/" + apples))).getInt("onHand")).isEqualTo(2);
    assertThat(Api.json(Http.get(Api.url("/inventory/" + pears))).getInt("onHand")).isEqualTo(0);

    HttpResponse<String> again = Http.postJson(Api.url("/orders/" + order + "/fulfilment"), "");
    assertThat(again.statusCode()).isEqualTo(422);
  }

  @Test
  void aShortItemRefusesTheWholeFulfilment() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String sku = "bolts-" + run;
    String order = "order-" + run;
    Http.postJson(Api.url("/inventory/" + sku + "/restocks"), "{\"quantity\":1}");
    Http.postJson(
        Api.url("/orders"),
        "{\"orderId\":\"" + order + "\",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":2}]}");

    HttpResponse<String> refused = Http.postJson(Api.url("/orders/" + order + "/fulfilment"), "");

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(Api.json(refused).getString("detail")).contains("Insufficient stock of " + sku);
    assertThat(Api.json(Http.get(Api.url("/orders/" + order))).getString("status"))
        .isEqualTo("PLACED");
    assertThat(Api.json(Http.get(Api.url("/inventory/" + sku))).getInt("onHand")).isEqualTo(1);
  }
}
