package org.eventcore.domain.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eventcore.api.ErrorCode;
import org.eventcore.domain.orders.OrderEvent.OrderFulfilled;
import org.eventcore.domain.orders.OrderEvent.OrderPlaced;
import org.eventcore.domain.orders.OrderEvent.ShipmentCreated;
import org.eventcore.domain.orders.OrderEvent.StockRestocked;
import org.eventcore.domain.orders.OrderEvent.StockShipped;
import org.eventcore.infrastructure.json.JsonbEventCodecs;
import org.eventcore.testing.CommandSpec;
import org.junit.jupiter.api.Test;

class OrderFulfilmentSpecTest {

  private final Sku apples = new Sku("apples");
  private final Sku pears = new Sku("pears");
  private final OrderId order = new OrderId("o-1");
  private final List<OrderLine> lines =
      List.of(new OrderLine("apples", 3), new OrderLine("pears", 2));

  private CommandSpec<OrderEvent> spec() {
    return CommandSpec.of(OrderEvent.class, new JsonbEventCodecs());
  }

  @Test
  void restockingAddsStock() {
    spec()
        .given(apples, new StockRestocked("apples", 1))
        .when(new Restock(apples, 10))
        .thenEvents(apples, new StockRestocked("apples", 10));
  }

  @Test
  void placingAnOrderRecordsItsLines() {
    spec().when(new PlaceOrder(order, lines)).thenEvents(order, new OrderPlaced("o-1", lines));
  }

  @Test
  void anOrderIdCanBePlacedOnlyOnce() {
    spec()
        .given(order, new OrderPlaced("o-1", lines))
        .when(new PlaceOrder(order, lines))
        .thenRejected(ErrorCode.CE002, "Order o-1 already exists");
  }

  @Test
  void fulfilmentDiscoversTheInventoryOfEachItemAndWritesEveryStreamAtOnce() {
    var outcome =
        spec()
            .given(apples, new StockRestocked("apples", 5))
            .given(pears, new StockRestocked("pears", 2))
            .given(order, new OrderPlaced("o-1", lines))
            .when(new FulfilOrder(order))
            .thenEvents(apples, new StockShipped("apples", "o-1", 3))
            .thenEvents(pears, new StockShipped("pears", "o-1", 2))
            .thenEvents(order, new OrderFulfilled("o-1"))
            .thenEvents(order.shipmentStream(), new ShipmentCreated("o-1", lines));
    // declared: order and shipment; discovered: both inventories
    assertThat(outcome.result().streamVersions()).hasSize(4);
  }

  @Test
  void fulfilmentFailsWhenAnItemIsShortAndWritesNothing() {
    spec()
        .given(apples, new StockRestocked("apples", 5))
        .given(pears, new StockRestocked("pears", 1))
        .given(order, new OrderPlaced("o-1", lines))
        .when(new FulfilOrder(order))
        .thenRejected(ErrorCode.CE002, "Insufficient stock of pears: 1 on hand, 2 ordered");
  }

  @Test
  void anOrderIsFulfilledOnlyOnce() {
    spec()
        .given(apples, new StockRestocked("apples", 50))
        .given(pears, new StockRestocked("pears", 50))
        .given(order, new OrderPlaced("o-1", lines), new OrderFulfilled("o-1"))
        .when(new FulfilOrder(order))
        .thenRejected(ErrorCode.CE002, "Order o-1 is already fulfilled");
  }

  @Test
  void unknownOrdersCannotBeFulfilled() {
    spec().when(new FulfilOrder(order)).thenRejected(ErrorCode.CE002, "Order o-1 does not exist");
  }
}
