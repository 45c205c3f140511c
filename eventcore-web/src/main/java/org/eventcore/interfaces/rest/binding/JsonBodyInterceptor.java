package org.eventcore.interfaces.rest.binding;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eventcore.interfaces.rest.problem.InvalidFieldException;

/**
 * A JSON body that cannot be read is the client's mistake: 400 (CE001), never 500. Two steps, both
 * before a resource method runs:
 *
 * <ol>
 *   <li><b>Syntax.</b> The body (already limited in size by the request size filter) is run through
 *       the JSON-P streaming parser: exactly one well-formed JSON value and nothing after it,
 *       nested at most as deep as the parser allows (Parsson's {@code
 *       org.eclipse.parsson.maxDepth}, 1000 by default — so no reader recurses without limit), and
 *       every number within {@value #MAX_DIGITS} digits before and after the point (PostgreSQL's
 *       {@code jsonb} stores less than JSON allows), and no string with the NUL character (U+0000,
 *       which PostgreSQL cannot store). JSON-B alone would accept trailing garbage such as {@code
 *       {"amount":1}}}. A blank body is no JSON value: it reaches the resource as {@code null}
 *       without the JSON-B reader (whose Jersey provider, on Payara, would answer a generic 400
 *       before any EventCore mapping), unless the resource reads the body as text or bytes.
 *   <li><b>Binding.</b> Whatever the JSON-B provider throws — a member of the wrong type, an
 *       unknown member, an array where an object belongs — becomes an {@link InvalidFieldException}
 *       naming the member when it can be told.
 * </ol>
 *
 * <p>A {@link WebApplicationException} raised under the reader (the 413 of the size limit) keeps
 * its status. Member names are read from the JSON-B implementation's exception messages (Yasson
 * wraps each failure as {@code Unable to deserialize property 'amount' because of: …}); were that
 * wording to change, the answer would still be 400, only without {@code field}. The index of an
 * array element is not part of those messages: a member of an order's item is {@code
 * items.quantity}.
 */
@Provider
public class JsonBodyInterceptor implements ReaderInterceptor {

  /** Digits allowed before and after the decimal point of a JSON number. */
  static final int MAX_DIGITS = 1000;

  private static final Logger LOG = Logger.getLogger(JsonBodyInterceptor.class.getName());
  private static final Pattern PROPERTY =
      Pattern.compile("^Unable to deserialize property '(.*?)' because of");
  private static final Pattern UNKNOWN =
      Pattern.compile("^Json property (.*) can not be mapped to a class");

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    if (!isJson(context.getMediaType())) {
      return context.proceed();
    }
    byte[] body = context.getInputStream().readAllBytes();
    if (isBlank(body) && !isRaw(context.getType())) {
      return null; // no JSON value: the same on every server (Jersey's JSON-B reader would say 400)
    }
    requireWellFormed(body, context.getType());
    context.setInputStream(new ByteArrayInputStream(body));
    try {
      return context.proceed();
    } catch (WebApplicationException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "JSON body not bound", e);
      throw describe(e);
    }
  }

  /** Types read as the body's text or bytes, which a blank body is a value of. */
  private static boolean isRaw(Class<?> type) {
    return type == String.class
        || type == byte[].class
        || java.io.InputStream.class.isAssignableFrom(type)
        || java.io.Reader.class.isAssignableFrom(type);
  }

  static boolean isJson(MediaType type) {
    return type != null
        && (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
            || type.getSubtype().endsWith("+json"));
  }

  /**
   * Checks that a non-blank body is one well-formed JSON value, and a JSON object (or {@code null})
   * when it is bound to a request record.
   *
   * @throws InvalidFieldException naming the problem and where the parser found it
   */
  static void requireWellFormed(byte[] body, Class<?> target) {
    if (isBlank(body)) {
      return;
    }
    try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
      boolean first = true;
      while (parser.hasNext()) {
        JsonParser.Event event = parser.next();
        if (first
            && target.isRecord()
            && event != JsonParser.Event.START_OBJECT
            && event != JsonParser.Event.VALUE_NULL) {
          throw new InvalidFieldException("", "The body must be a JSON object");
        }
        first = false;
        if (event == JsonParser.Event.VALUE_NUMBER) {
          requireStorable(parser);
        } else if ((event == JsonParser.Event.VALUE_STRING || event == JsonParser.Event.KEY_NAME)
            && parser.getString().indexOf('\0') >= 0) {
          throw new InvalidFieldException(
              "", "The body has a string with the NUL character (\\u0000), which cannot be stored");
        }
      }
    } catch (InvalidFieldException e) {
      throw e;
    } catch (RuntimeException e) { // JsonParsingException, and Parsson's depth limit
      throw new InvalidFieldException("", "The body is not valid JSON: " + firstLine(e));
    }
  }

  private static void requireStorable(JsonParser parser) {
    BigDecimal number;
    try {
      number = parser.getBigDecimal();
    } catch (RuntimeException e) { // more characters than the parser converts
      throw outOfRange();
    }
    if (number.precision() - number.scale() > MAX_DIGITS || number.scale() > MAX_DIGITS) {
      throw outOfRange();
    }
  }

  private static InvalidFieldException outOfRange() {
    return new InvalidFieldException(
        "",
        "The body has a number out of range (at most "
            + MAX_DIGITS
            + " digits before and after the point)");
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** What JSON-B found wrong with a well-formed body, as far as its failure tells. */
  static InvalidFieldException describe(Throwable failure) {
    List<String> path = new ArrayList<>();
    Throwable innermost = null;
    for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof JsonbException) {
        Matcher property = PROPERTY.matcher(String.valueOf(t.getMessage()));
        if (property.find()) {
          path.add(property.group(1));
        }
        innermost = t;
      }
    }
    String field = String.join(".", path);
    if (innermost instanceof StrictTypes.InvalidValueException invalid && !field.isEmpty()) {
      return new InvalidFieldException(field, field + " " + invalid.getMessage());
    }
    Matcher unknown =
        UNKNOWN.matcher(innermost == null ? "" : String.valueOf(innermost.getMessage()));
    if (unknown.find()) {
      String member = field.isEmpty() ? unknown.group(1) : field + "." + unknown.group(1);
      return new InvalidFieldException(member, "Unknown field " + member);
    }
    if (!field.isEmpty()) {
      return new InvalidFieldException(field, field + " is not of the expected type");
    }
    return new InvalidFieldException(
        "",
        "The body does not have the expected shape (a JSON object with the documented members)");
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
