package com.example.stock.application;

import com.example.stock.domain.StockEvent;
import com.example.stock.domain.Warehouses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eventcore.api.projection.FeedEvent;
import org.eventcore.api.projection.TypedProjection;

/**
 * Items on hand per warehouse ({@code stock.stock_levels}). EventCore hands it the stock events of
 * {@code warehouse-} streams, decoded, and commits each batch together with the projection's
 * checkpoint: every event counts exactly once.
 */
@ApplicationScoped
public class StockLevelsProjection implements TypedProjection<StockEvent> {

  public static final String NAME = "stock-levels";

  @PersistenceContext(unitName = "eventcore")
  EntityManager entityManager;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<StockEvent> eventType() {
    return StockEvent.class;
  }

  @Override
  public Set<String> streamPrefixes() {
    return Set.of(Warehouses.STREAM_PREFIX);
  }

  /** Sums the batch per warehouse, then writes one row per warehouse. */
  @Override
  public void handle(List<FeedEvent<StockEvent>> events) {
    Map<String, Integer> changes = new LinkedHashMap<>();
    for (FeedEvent<StockEvent> recorded : events) {
      changes.merge(Warehouses.name(recorded.streamId()), change(recorded.event()), Integer::sum);
    }
    changes.forEach(
        (warehouse, change) ->
            entityManager
                .createNativeQuery(
                    "insert into stock.stock_levels (warehouse, on_hand) values (?1, ?2)"
                        + " on conflict (warehouse) do update"
                        + " set on_hand = stock.stock_levels.on_hand + excluded.on_hand,"
                        + " updated_at = now()")
                .setParameter(1, warehouse)
                .setParameter(2, change)
                .executeUpdate());
  }

  private static int change(StockEvent event) {
    if (event instanceof StockEvent.Received received) {
      return received.quantity();
    }
    if (event instanceof StockEvent.MovedIn in) {
      return in.quantity();
    }
    if (event instanceof StockEvent.MovedOut out) {
      return -out.quantity();
    }
    return 0;
  }

  @Override
  public void reset() {
    entityManager.createNativeQuery("delete from stock.stock_levels").executeUpdate();
  }
}
