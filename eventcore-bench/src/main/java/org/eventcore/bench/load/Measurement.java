package org.eventcore.bench.load;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one run of a {@link LoadLoop} measured.
 *
 * @param clients concurrent clients
 * @param seconds length of the measured period
 * @param ops operations that started in the measured period and succeeded
 * @param errors operations that failed (any period); a correct run has none
 * @param conflicts version conflicts met by the measured operations
 * @param retries retries (whole read-decide-append re-runs) of the measured operations
 * @param events events written (or read) by the measured operations
 * @param items other units of the measured operations (streams read, pages, batches)
 * @param committedOps every operation that succeeded, warm-up included
 * @param committedEvents every event written by those, warm-up included (for the data checks)
 * @param latencies latency of the measured operations, in nanoseconds
 * @param firstError the first failure, empty when there was none
 */
public record Measurement(
    int clients,
    double seconds,
    long ops,
    long errors,
    long conflicts,
    long retries,
    long events,
    long items,
    long committedOps,
    long committedEvents,
    Histogram latencies,
    String firstError) {

  public double opsPerSecond() {
    return ops / seconds;
  }

  public double eventsPerSecond() {
    return events / seconds;
  }

  public double p50Millis() {
    return millis(latencies.getValueAtPercentile(50));
  }

  public double p99Millis() {
    return millis(latencies.getValueAtPercentile(99));
  }

  public double maxMillis() {
    return millis(latencies.getMaxValue());
  }

  private static double millis(long nanos) {
    return nanos / (double) TimeUnit.MILLISECONDS.toNanos(1);
  }

  /** Several repeats of one point as one: counts added, latencies merged, time summed. */
  public static Measurement combine(List<Measurement> repeats) {
    Histogram all = LoadLoop.newHistogram();
    double seconds = 0;
    long ops = 0;
    long errors = 0;
    long conflicts = 0;
    long retries = 0;
    long events = 0;
    long items = 0;
    long committedOps = 0;
    long committedEvents = 0;
    String firstError = "";
    for (Measurement m : repeats) {
      all.add(m.latencies);
      seconds += m.seconds;
      ops += m.ops;
      errors += m.errors;
      conflicts += m.conflicts;
      retries += m.retries;
      events += m.events;
      items += m.items;
      committedOps += m.committedOps;
      committedEvents += m.committedEvents;
      if (firstError.isEmpty()) {
        firstError = m.firstError;
      }
    }
    return new Measurement(
        repeats.get(0).clients,
        seconds,
        ops,
        errors,
        conflicts,
        retries,
        events,
        items,
        committedOps,
        committedEvents,
        all,
        firstError);
  }

  public String toJson() {
    ByteBuffer buffer = ByteBuffer.allocate(latencies.getNeededByteBufferCapacity());
    int length = latencies.encodeIntoCompressedByteBuffer(buffer);
    byte[] bytes = new byte[length];
    buffer.flip();
    buffer.get(bytes);
    return Json.createObjectBuilder()
        .add("clients", clients)
        .add("seconds", seconds)
        .add("ops", ops)
        .add("errors", errors)
        .add("conflicts", conflicts)
        .add("retries", retries)
        .add("events", events)
        .add("items", items)
        .add("committedOps", committedOps)
        .add("committedEvents", committedEvents)
        .add("latencies", Base64.getEncoder().encodeToString(bytes))
        .add("firstError", firstError)
        .build()
        .toString();
  }

  public static Measurement fromJson(String text) {
    JsonObject json;
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      json = reader.readObject();
    }
    Histogram histogram;
    try {
      histogram =
          Histogram.decodeFromCompressedByteBuffer(
              ByteBuffer.wrap(Base64.getDecoder().decode(json.getString("latencies"))), 0);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("Unreadable latency histogram", e);
    }
    return new Measurement(
        json.getInt("clients"),
        json.getJsonNumber("seconds").doubleValue(),
        json.getJsonNumber("ops").longValue(),
        json.getJsonNumber("errors").longValue(),
        json.getJsonNumber("conflicts").longValue(),
        json.getJsonNumber("retries").longValue(),
        json.getJsonNumber("events").longValue(),
        json.getJsonNumber("items").longValue(),
        json.getJsonNumber("committedOps").longValue(),
        json.getJsonNumber("committedEvents").longValue(),
        histogram,
        json.getString("firstError"));
  }
}
