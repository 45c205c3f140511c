package org.eventcore.application.logging;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One structured log line: a JSON object written as the whole message of a {@link Logger} record,
 * so that a handler with the pattern {@code %s%n} (as {@code server-config} sets up for {@value
 * #LOGGERS}) writes one JSON object per line and nothing else.
 *
 * <p>Every line has {@code timestamp} (ISO-8601, UTC), {@code level}, {@code logger} and {@code
 * event}; the caller adds the rest. A value that is absent is left out, never written as null.
 */
public final class JsonLogLine {

  /** The parent of every structured logger: route it to a JSON file (or leave it to the parent). */
  public static final String LOGGERS = "org.eventcore.log";

  private final Logger logger;
  private final Level level;
  private final JsonObjectBuilder json = Json.createObjectBuilder();

  private JsonLogLine(Logger logger, Level level, String event) {
    this.logger = logger;
    this.level = level;
    json.add("timestamp", Instant.now().toString())
        .add("level", level.getName())
        .add("logger", logger.getName())
        .add("event", event);
  }

  /** A line of {@code event} for {@code logger}; nothing is built when the level is off. */
  public static Optional<JsonLogLine> of(Logger logger, Level level, String event) {
    return logger.isLoggable(level)
        ? Optional.of(new JsonLogLine(logger, level, event))
        : Optional.empty();
  }

  public JsonLogLine add(String key, String value) {
    if (value != null) {
      json.add(key, value);
    }
    return this;
  }

  public JsonLogLine add(String key, Optional<String> value) {
    value.ifPresent(v -> json.add(key, v));
    return this;
  }

  public JsonLogLine add(String key, long value) {
    json.add(key, value);
    return this;
  }

  public JsonLogLine add(String key, double value) {
    json.add(key, value);
    return this;
  }

  public JsonLogLine add(String key, Collection<String> values) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    values.forEach(array::add);
    json.add(key, array);
    return this;
  }

  /** Writes the line (as the record's message, without parameters to format). */
  public void write() {
    logger.log(level, json.build().toString());
  }
}
