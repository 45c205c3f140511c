package org.eventcore.application.orders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Set;
import org.eventcore.api.projection.FeedEvent;
import org.eventcore.api.projection.Projection.ErrorStrategy;
import org.eventcore.api.projection.TypedProjection;
import org.eventcore.domain.orders.OrderEvent;
import org.eventcore.domain.orders.OrderLine;

/**
 * Order summaries ({@code examples.order_summaries}): status, number of items and units, from the
 * order events of {@code order-} streams, received decoded.
 */
@ApplicationScoped
public class OrderSummariesProjection implements TypedProjection<OrderEvent> {

  static final String NAME = "order-summaries";

  @PersistenceContext(unitName = "eventcore")
  EntityManager entityManager;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<OrderEvent> eventType() {
    return OrderEvent.class;
  }

  @Override
  public Set<String> streamPrefixes() {
    return Set.of("order-");
  }

  /**
   * The generic stream API lets anyone write anything to these streams; an order event whose
   * payload this read model cannot read is recorded and skipped rather than blocking the
   * projection.
   */
  @Override
  public ErrorStrategy onError() {
    return ErrorStrategy.SKIP;
  }

  @Override
  public void handle(List<FeedEvent<OrderEvent>> events) {
    for (FeedEvent<OrderEvent> recorded : events) {
      OrderEvent event = recorded.event();
      if (event instanceof OrderEvent.OrderPlaced placed) {
        entityManager
            .createNativeQuery(
                "insert into examples.order_summaries (order_id, status, item_count, units)"
                    + " values (?1, 'PLACED', ?2, ?3)")
            .setParameter(1, placed.orderId())
            .setParameter(2, placed.lines().size())
            .setParameter(3, placed.lines().stream().mapToInt(OrderLine::quantity).sum())
            .executeUpdate();
      } else if (event instanceof OrderEvent.OrderFulfilled fulfilled) {
        entityManager
            .createNativeQuery(
                "update examples.order_summaries set status = 'FULFILLED', updated_at = now()"
                    + " where order_id = ?1")
            .setParameter(1, fulfilled.orderId())
            .executeUpdate();
      }
    }
  }

  @Override
  public void reset() {
    entityManager.createNativeQuery("delete from examples.order_summaries").executeUpdate();
  }
}
