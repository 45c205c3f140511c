package com.example.stock.application;

import com.example.stock.domain.MoveStock;
import com.example.stock.domain.StockEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.CommandHandler;
import org.eventcore.api.command.RecordedEvent;

/**
 * Decides {@link MoveStock}; a CDI bean, so it can inject what the decision needs (here the largest
 * move, {@code stock.max-move}). {@code handle} runs once per attempt inside the attempt's JTA
 * transaction: after a conflict it decides again on fresh state.
 */
@ApplicationScoped
public class MoveStockHandler
    implements CommandHandler<MoveStock, Map<StreamId, Integer>, StockEvent> {

  @Inject
  @ConfigProperty(name = "stock.max-move", defaultValue = "100")
  int maxMove;

  @Override
  public Map<StreamId, Integer> initialState() {
    return Map.of();
  }

  /** Items on hand per warehouse; each event changes only its own stream's count. */
  @Override
  public Map<StreamId, Integer> apply(
      Map<StreamId, Integer> onHand, RecordedEvent<StockEvent> recorded) {
    int change = 0;
    if (recorded.event() instanceof StockEvent.Received received) {
      change = received.quantity();
    } else if (recorded.event() instanceof StockEvent.MovedIn in) {
      change = in.quantity();
    } else if (recorded.event() instanceof StockEvent.MovedOut out) {
      change = -out.quantity();
    }
    Map<StreamId, Integer> next = new HashMap<>(onHand);
    next.merge(recorded.streamId(), change, Integer::sum);
    return Map.copyOf(next);
  }

  @Override
  public void handle(
      MoveStock move, Map<StreamId, Integer> onHand, CommandContext<StockEvent> context) {
    int available = onHand.getOrDefault(move.from(), 0);
    context.require(move.quantity() > 0, "Move at least one item");
    context.require(move.quantity() <= maxMove, "Move at most %d items at once", maxMove);
    context.require(available >= move.quantity(), "Only %d on hand in %s", available, move.from());
    context.emit(move.from(), new StockEvent.MovedOut(move.to().value(), move.quantity()));
    context.emit(move.to(), new StockEvent.MovedIn(move.from().value(), move.quantity()));
  }
}
