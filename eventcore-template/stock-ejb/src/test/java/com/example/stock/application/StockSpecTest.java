package com.example.stock.application;

import com.example.stock.domain.MoveStock;
import com.example.stock.domain.ReceiveStock;
import com.example.stock.domain.StockEvent;
import com.example.stock.domain.Warehouses;
import org.eventcore.api.ErrorCode;
import org.eventcore.api.StreamId;
import org.eventcore.infrastructure.json.JsonbEventCodecs;
import org.eventcore.testing.CommandSpec;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or a rejection: no container, no database. */
class StockSpecTest {

  private final StreamId north = Warehouses.stream("north");
  private final StreamId south = Warehouses.stream("south");

  private CommandSpec<StockEvent> spec(int maxMove) {
    MoveStockHandler handler = new MoveStockHandler();
    handler.maxMove = maxMove;
    return CommandSpec.of(StockEvent.class, new JsonbEventCodecs()).handledBy(handler);
  }

  @Test
  void receivingRecordsTheItems() {
    spec(100).when(new ReceiveStock(north, 50)).thenEvents(north, new StockEvent.Received(50));
  }

  @Test
  void aMoveTakesFromOneWarehouseAndGivesToTheOtherAtomically() {
    spec(100)
        .given(north, new StockEvent.Received(50))
        .when(new MoveStock(north, south, 30))
        .thenEvents(north, new StockEvent.MovedOut("warehouse-south", 30))
        .thenEvents(south, new StockEvent.MovedIn("warehouse-north", 30));
  }

  @Test
  void aMoveOfMoreThanIsOnHandIsRejected() {
    spec(100)
        .given(north, new StockEvent.Received(50), new StockEvent.MovedOut("warehouse-south", 30))
        .when(new MoveStock(north, south, 30))
        .thenRejected(ErrorCode.CE002, "Only 20 on hand in warehouse-north");
  }

  @Test
  void aMoveAboveTheConfiguredLimitIsRejected() {
    spec(10)
        .given(north, new StockEvent.Received(50))
        .when(new MoveStock(north, south, 11))
        .thenRejected(ErrorCode.CE002, "Move at most 10 items at once");
  }
}
