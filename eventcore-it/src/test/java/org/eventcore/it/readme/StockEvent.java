package org.eventcore.it.readme;

public sealed interface StockEvent {
  record Received(int quantity) implements StockEvent {}

  record MovedOut(String to, int quantity) implements StockEvent {}

  record MovedIn(String from, int quantity) implements StockEvent {}
}
