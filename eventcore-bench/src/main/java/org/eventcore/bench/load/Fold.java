package org.eventcore.bench.load;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

/**
 * The replay's projection state: every event's payload is parsed (JSON-P) and folded: a count per
 * event type and the sum of the {@code amount} fields. The raw replay applies the same fold, so the
 * ratio compares the feed and transaction machinery, not the fold.
 */
public final class Fold {

  /**
   * Looked up once: {@code Json.createReader} looks the JSON-P provider up (ServiceLoader) on every
   * call, which inside WildFly costs more than the parse itself.
   */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private final Map<String, long[]> countByType = new HashMap<>();
  private double amount;
  private long events;

  public void apply(String type, String payload) {
    JsonObject json;
    try (JsonReader reader = READERS.createReader(new StringReader(payload))) {
      json = reader.readObject();
    }
    JsonValue value = json.get("amount");
    if (value instanceof JsonNumber number) {
      amount += number.doubleValue();
    }
    countByType.computeIfAbsent(type, t -> new long[1])[0]++;
    events++;
  }

  public long events() {
    return events;
  }

  public double amount() {
    return amount;
  }
}
