/**
 * Order fulfilment, the book's multi-stream example. Inventory is a stream per SKU ({@code
 * inventory-<sku>}), an order a stream ({@code order-<id>}), a shipment a stream ({@code
 * shipment-<order id>}). Fulfilling an order is one command: it reads the order, discovers the
 * inventory streams of its items from the order's state ({@code readAlso}), and writes the stock
 * movements, the order's fulfilment and the shipment atomically.
 */
package org.eventcore.domain.orders;
