package org.eventcore.interfaces.rest.problem;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Consumer;
import org.eventcore.api.StreamVersionConflictException;

/**
 * An RFC 9457 problem document: {@code type}, {@code title}, {@code status}, {@code detail}, and
 * EventCore's stable {@code code}, plus extension members per problem.
 */
public final class Problem {

  /** 422 Unprocessable Content (RFC 9110), which JAX-RS 3.1 has no constant for. */
  public static final int UNPROCESSABLE_CONTENT = 422;

  /** The media type of every error response. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private static final String TYPE_BASE = "https://eventcore.org/problems/";

  private Problem() {}

  /**
   * Builds the response for a problem.
   *
   * @param slug the last segment of the problem's type URI, e.g. {@code stream-version-conflict}
   * @param code the stable EventCore error code, e.g. {@code ES001}
   * @param extensions adds problem-specific members
   */
  public static Response response(
      int status,
      String slug,
      String code,
      String title,
      String detail,
      Consumer<JsonObjectBuilder> extensions) {
    JsonObjectBuilder body =
        JSON.createObjectBuilder()
            .add("type", TYPE_BASE + slug)
            .add("title", title)
            .add("status", status)
            .add("detail", detail)
            .add("code", code);
    extensions.accept(body);
    JsonObject json = body.build();
    return Response.status(status)
        .type(MediaType.valueOf(MEDIA_TYPE))
        .entity(json.toString())
        .build();
  }

  /** The {@code streams} member of a conflict: each stream with expected and actual version. */
  public static JsonArrayBuilder conflicts(
      List<StreamVersionConflictException.Conflict> conflicts) {
    JsonArrayBuilder streams = JSON.createArrayBuilder();
    conflicts.forEach(
        c ->
            streams.add(
                JSON.createObjectBuilder()
                    .add("streamId", c.streamId().value())
                    .add("expected", c.expected().toString())
                    .add("actual", c.actual().value())));
    return streams;
  }

  public static Response response(
      int status, String slug, String code, String title, String detail) {
    return response(status, slug, code, title, detail, body -> {});
  }
}
