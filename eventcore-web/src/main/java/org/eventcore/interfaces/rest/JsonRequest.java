package org.eventcore.interfaces.rest;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Set;

/**
 * A strictly read JSON object body: every field is checked for presence and type, unknown fields
 * are refused, and each failure names the offending field ({@link InvalidFieldException} → 400).
 */
public final class JsonRequest {

  private final JsonObject body;
  private final String path;

  private JsonRequest(JsonObject body, String path) {
    this.body = body;
    this.path = path;
  }

  /** Parses {@code text} as one JSON object that may only contain {@code allowedFields}. */
  public static JsonRequest parse(String text, String... allowedFields) {
    JsonValue value;
    try (JsonReader reader = JSON.createReader(new StringReader(text == null ? "" : text))) {
      value = reader.readValue();
    } catch (JsonException | IllegalStateException e) {
      throw new InvalidFieldException(
          "", "The body is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (!(value instanceof JsonObject object)) {
      throw new InvalidFieldException("", "The body must be a JSON object");
    }
    return new JsonRequest(object, "").only(allowedFields);
  }

  private JsonRequest only(String... allowedFields) {
    Set<String> allowed = Set.of(allowedFields);
    for (String field : body.keySet()) {
      if (!allowed.contains(field)) {
        throw new InvalidFieldException(path + field, "Unknown field " + path + field);
      }
    }
    return this;
  }

  public String string(String field) {
    JsonValue value = required(field);
    if (!(value instanceof JsonString text)) {
      throw new InvalidFieldException(path + field, path + field + " must be a string");
    }
    return text.getString();
  }

  public long wholeNumber(String field) {
    JsonValue value = required(field);
    if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
      throw new InvalidFieldException(
          path + field, path + field + " must be a whole number (minor units)");
    }
    try {
      return number.longValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidFieldException(path + field, path + field + " is out of range");
    }
  }

  public int smallWholeNumber(String field) {
    long value = wholeNumber(field);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new InvalidFieldException(path + field, path + field + " is out of range");
    }
    return (int) value;
  }

  /** The objects of an array field, each read strictly with its own allowed fields. */
  public java.util.List<JsonRequest> objects(String field, String... allowedFields) {
    JsonValue value = required(field);
    if (!(value instanceof JsonArray array)) {
      throw new InvalidFieldException(path + field, path + field + " must be an array");
    }
    java.util.List<JsonRequest> items = new java.util.ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String itemPath = path + field + "[" + i + "]";
      if (!(array.get(i) instanceof JsonObject object)) {
        throw new InvalidFieldException(itemPath, itemPath + " must be an object");
      }
      items.add(new JsonRequest(object, itemPath + ".").only(allowedFields));
    }
    return items;
  }

  /**
   * Checks the paging parameters of a list query.
   *
   * @throws InvalidFieldException unless page ≥ 0 and 1 ≤ size ≤ 500
   */
  public static void requirePage(int page, int size) {
    if (page < 0 || size < 1 || size > 500) {
      throw new InvalidFieldException("size", "page must be 0 or more and size 1 to 500");
    }
  }

  private JsonValue required(String field) {
    JsonValue value = body.get(field);
    if (value == null || value == JsonValue.NULL) {
      throw new InvalidFieldException(path + field, path + field + " is required");
    }
    return value;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** A field of the request is missing, of the wrong type, or unknown. */
  public static final class InvalidFieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidFieldException(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }
}
