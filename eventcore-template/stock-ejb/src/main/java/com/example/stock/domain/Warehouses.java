package com.example.stock.domain;

import org.eventcore.api.StreamId;

/** The stream of a warehouse: {@code warehouse-<name>}. */
public final class Warehouses {

  /** The prefix of every warehouse stream, e.g. for a projection's stream filter. */
  public static final String STREAM_PREFIX = "warehouse-";

  private Warehouses() {}

  public static StreamId stream(String name) {
    return StreamId.of(STREAM_PREFIX + name);
  }

  /** The warehouse's name, from its stream. */
  public static String name(StreamId stream) {
    return stream.value().substring(STREAM_PREFIX.length());
  }
}
