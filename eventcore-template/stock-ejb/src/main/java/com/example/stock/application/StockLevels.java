package com.example.stock.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Reads the stock levels read model (built by {@link StockLevelsProjection}). */
@ApplicationScoped
public class StockLevels {

  @PersistenceContext(unitName = "eventcore")
  EntityManager entityManager;

  /** Items on hand in a warehouse, or empty when nothing was ever received there. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<Integer> onHand(String warehouse) {
    List<?> rows =
        entityManager
            .createNativeQuery("select on_hand from stock.stock_levels where warehouse = ?1")
            .setParameter(1, warehouse)
            .getResultList();
    return rows.stream().findFirst().map(row -> ((Number) row).intValue());
  }
}
