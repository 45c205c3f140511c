package org.eventcore.interfaces.rest.binding;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;
import java.math.BigDecimal;

/**
 * JSON-B deserializers that keep JSON's types: JSON-B implementations coerce freely (Yasson reads
 * {@code "10"} into a {@code Long} and {@code 10} into a {@code String}); the API does not. A whole
 * number must be a JSON number without a fraction ({@code 1.5}, {@code "10"} and {@code 1e400} are
 * refused, never truncated), a string must be a JSON string. {@code null} stays {@code null}, for
 * Bean Validation to judge. The body's syntax, nesting depth and number sizes were checked before
 * binding ({@link JsonBodyInterceptor}), so reading a value here is bounded. Failures are {@link
 * InvalidValueException}s, which the JSON-B implementation wraps with the name of the property.
 */
public final class StrictTypes {

  private StrictTypes() {}

  /** A JSON value of the wrong type or range for its field. */
  public static final class InvalidValueException extends JsonbException {
    private static final long serialVersionUID = 1L;

    public InvalidValueException(String message) {
      super(message);
    }
  }

  /** {@link Long}: a JSON integer within range. */
  public static final class WholeLong implements JsonbDeserializer<Long> {
    @Override
    public Long deserialize(JsonParser parser, DeserializationContext context, Type type) {
      BigDecimal number = wholeNumber(parser);
      return number == null ? null : exact(number, Long.MIN_VALUE, Long.MAX_VALUE);
    }
  }

  /** {@link Integer}: a JSON integer within range. */
  public static final class WholeInteger implements JsonbDeserializer<Integer> {
    @Override
    public Integer deserialize(JsonParser parser, DeserializationContext context, Type type) {
      BigDecimal number = wholeNumber(parser);
      return number == null ? null : (int) exact(number, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
  }

  /** {@link String}: a JSON string. */
  public static final class Text implements JsonbDeserializer<String> {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context, Type type) {
      JsonValue value = parser.getValue();
      return switch (value.getValueType()) {
        case NULL -> null;
        case STRING -> ((JsonString) value).getString();
        default -> throw new InvalidValueException(RequestMessages.STRING);
      };
    }
  }

  /** The current value as a whole number, or {@code null} for JSON {@code null}. */
  private static BigDecimal wholeNumber(JsonParser parser) {
    JsonValue value = parser.getValue();
    return switch (value.getValueType()) {
      case NULL -> null;
      case NUMBER -> {
        JsonNumber number = (JsonNumber) value;
        if (!number.isIntegral()) {
          throw new InvalidValueException(RequestMessages.WHOLE_NUMBER);
        }
        yield number.bigDecimalValue();
      }
      default -> throw new InvalidValueException(RequestMessages.WHOLE_NUMBER);
    };
  }

  private static long exact(BigDecimal number, long min, long max) {
    if (number.compareTo(BigDecimal.valueOf(min)) < 0
        || number.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new InvalidValueException(RequestMessages.OUT_OF_RANGE);
    }
    return number.longValueExact();
  }
}
