package org.eventcore.interfaces.rest.problem;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A request that Bean Validation refused ({@code @Valid} on a resource parameter): 400 (CE001)
 * naming every offending field, e.g.
 *
 * <pre>{@code
 * {"code":"CE001","field":"amount","detail":"amount must be greater than 0; to is required",
 *  "errors":[{"field":"amount","message":"must be greater than 0"},{"field":"to","message":"is required"}]}
 * }</pre>
 *
 * <p>{@code field} is the first of {@code errors} (sorted by field name, so the answer is stable).
 * A field is the JSON member path within the body — the method and parameter of the property path
 * are dropped, elements of lists carry their index ({@code items[0].sku}); request records do not
 * rename members, so Java component names are the JSON names. A violation of a parameter itself is
 * named after the parameter: a query parameter ({@code size}), or {@code body} when there is no
 * body (the build compiles with {@code -parameters}, so Java parameter names are the names Bean
 * Validation reports).
 */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

  @Override
  public Response toResponse(ConstraintViolationException exception) {
    List<FieldError> errors = errors(exception.getConstraintViolations());
    String detail =
        errors.isEmpty()
            ? "The request is not valid"
            : errors.stream().map(FieldError::sentence).collect(Collectors.joining("; "));
    return Problem.response(
        Response.Status.BAD_REQUEST.getStatusCode(),
        "invalid-request",
        "CE001",
        "Invalid request",
        detail,
        body -> {
          if (!errors.isEmpty() && !errors.get(0).field().isEmpty()) {
            body.add("field", errors.get(0).field());
          }
          JsonArrayBuilder array = JSON.createArrayBuilder();
          errors.forEach(error -> array.add(error.toJson()));
          body.add("errors", array);
        });
  }

  /** One refused field: its JSON path (empty for the whole body) and what is wrong with it. */
  record FieldError(String field, String message) {

    String sentence() {
      return field.isEmpty() ? message : field + " " + message;
    }

    JsonObjectBuilder toJson() {
      JsonObjectBuilder json = JSON.createObjectBuilder();
      if (!field.isEmpty()) {
        json.add("field", field);
      }
      return json.add("message", message);
    }
  }

  static List<FieldError> errors(Set<? extends ConstraintViolation<?>> violations) {
    return violations.stream()
        .map(v -> new FieldError(field(v.getPropertyPath()), v.getMessage()))
        .distinct()
        .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
        .toList();
  }

  /**
   * The JSON path of a violation: {@code transfer.request.amount} → {@code amount}, {@code
   * place.request.items[0].sku} → {@code items[0].sku}.
   */
  static String field(Path path) {
    List<Path.Node> nodes = new ArrayList<>();
    path.forEach(nodes::add);
    StringBuilder field = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      Path.Node node = nodes.get(i);
      ElementKind kind = node.getKind();
      if (kind == ElementKind.PARAMETER && i == nodes.size() - 1) {
        return node.getName(); // a query parameter, or the body as a whole
      }
      if (kind == ElementKind.METHOD
          || kind == ElementKind.CONSTRUCTOR
          || kind == ElementKind.PARAMETER
          || kind == ElementKind.CROSS_PARAMETER
          || kind == ElementKind.RETURN_VALUE) {
        continue;
      }
      if (node.isInIterable() && field.length() > 0) {
        Object index = node.getIndex() != null ? node.getIndex() : node.getKey();
        field.append('[').append(index).append(']');
      }
      String name = node.getName();
      if (name != null && !name.isEmpty() && !name.startsWith("<")) {
        if (field.length() > 0) {
          field.append('.');
        }
        field.append(name);
      }
    }
    return field.toString();
  }
}
