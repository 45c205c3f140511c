package com.example.stock.domain;

/** What happens to the stock of a warehouse; each event is written to one warehouse's stream. */
public sealed interface StockEvent {
  record Received(int quantity) implements StockEvent {}

  record MovedOut(String to, int quantity) implements StockEvent {}

  record MovedIn(String from, int quantity) implements StockEvent {}
}
