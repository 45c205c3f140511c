package org.eventcore.application.orders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.eventcore.application.StreamFolds;
import org.eventcore.domain.orders.Order;
import org.eventcore.domain.orders.OrderEvent;
import org.eventcore.domain.orders.OrderId;
import org.eventcore.domain.orders.Sku;
import org.eventcore.domain.orders.Stock;

/** Reads orders and stock from their streams. */
@ApplicationScoped
public class OrderQueries {

  @Inject StreamFolds folds;

  @PersistenceContext(unitName = "eventcore")
  EntityManager entityManager;

  /** An order summary of the read model. */
  public record OrderSummary(String orderId, String status, int itemCount, int units) {}

  /** Order summaries from the read model, optionally with one status, ordered by id. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<OrderSummary> list(Optional<String> status, int page, int size) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        entityManager
            .createNativeQuery(
                "select order_id, status, item_count, units from examples.order_summaries"
                    + " where (cast(?1 as text) is null or status = ?1)"
                    + " order by order_id limit ?2 offset ?3")
            .setParameter(1, status.orElse(null))
            .setParameter(2, size)
            .setParameter(3, (long) page * size)
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new OrderSummary(
                    (String) r[0],
                    (String) r[1],
                    ((Number) r[2]).intValue(),
                    ((Number) r[3]).intValue()))
        .toList();
  }

  /** The order and its stream version, or empty when it was never placed. */
  public Optional<StreamFolds.Folded<Order>> find(OrderId id) {
    StreamFolds.Folded<Order> order =
        folds.fold(id.streamId(), OrderEvent.class, Order.NONE, Order::apply);
    return order.value().status() == Order.Status.NONE ? Optional.empty() : Optional.of(order);
  }

  /** Units of {@code sku} on hand. */
  public StreamFolds.Folded<Integer> stock(Sku sku) {
    return folds.fold(sku.streamId(), OrderEvent.class, 0, Stock::apply);
  }
}
