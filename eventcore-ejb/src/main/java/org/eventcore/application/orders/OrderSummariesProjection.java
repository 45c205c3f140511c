package org.eventcore.application.orders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Set;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.command.EventCodec;
import org.eventcore.api.projection.Projection;
import org.eventcore.application.command.EventCodecs;
import org.eventcore.domain.orders.OrderEvent;
import org.eventcore.domain.orders.OrderLine;

/** Order summaries ({@code examples.order_summaries}): status, number of items and units. */
@ApplicationScoped
public class OrderSummariesProjection implements Projection {

  static final String NAME = "order-summaries";

  @PersistenceContext(unitName = "eventcore")
  EntityManager entityManager;

  @Inject EventCodecs codecs;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> streamPrefixes() {
    return Set.of("order-");
  }

  /**
   * The generic stream API lets anyone write anything to these streams; an event this read model
   * cannot interpret is recorded and skipped rather than blocking the projection.
   */
  @Override
  public ErrorStrategy onError() {
    return ErrorStrategy.SKIP;
  }

  @Override
  public void handle(List<StoredEvent> events) {
    EventCodec<OrderEvent> codec = codecs.codecFor(OrderEvent.class);
    for (StoredEvent stored : events) {
      OrderEvent event = codec.decode(stored.type(), stored.schemaVersion(), stored.payload());
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
