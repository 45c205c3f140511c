package org.eventcore.interfaces.rest.command;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.eventcore.api.EventMetadata;
import org.eventcore.application.command.CommandExecutor;
import org.eventcore.application.command.CommandOptions;
import org.eventcore.application.command.CommandResult;
import org.eventcore.interfaces.rest.WrittenEventsJson;

/**
 * Runs a command for an HTTP request: {@code X-Correlation-Id} (generated when absent) goes into
 * the events' metadata and back into the response, {@code Idempotency-Key} makes the command run at
 * most once (a replay answers the original body, with the header {@code Idempotent-Replayed: true};
 * the same key with a different request answers 422, CE009). The response body describes what was
 * written:
 *
 * <pre>{@code
 * {"command":"TransferMoney","attempts":1,"position":1234,
 *  "events":[{"eventId":"…","streamId":"account-a","version":3,"position":1233}, …]}
 * }</pre>
 */
@ApplicationScoped
public class CommandEndpoint {

  public static final String CORRELATION_HEADER = "X-Correlation-Id";
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";

  @Inject CommandExecutor executor;

  /**
   * Builds the command (a validation failure becomes 400), runs it, and answers {@code status}
   * (with {@code location} when given).
   */
  public Response run(
      Supplier<?> command,
      String correlationHeader,
      String idempotencyKey,
      Response.Status status,
      Optional<URI> location) {
    Object built = command.get();
    String correlationId = correlationId(correlationHeader);
    CommandOptions options =
        CommandOptions.withMetadata(EventMetadata.EMPTY.withCorrelationId(correlationId));
    if (idempotencyKey != null) {
      options = options.withIdempotencyKey(idempotencyKey.trim());
    }
    CommandResult result = executor.execute(built, options);
    Response.ResponseBuilder response =
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .header(CORRELATION_HEADER, correlationId)
            .entity(toJson(result).build().toString());
    location.ifPresent(response::location);
    if (result.replayed()) {
      response.header(REPLAYED_HEADER, "true");
    }
    return response.build();
  }

  /** The request's correlation id, or a new one when the request has none. */
  public static String correlationId(String header) {
    return header == null || header.isBlank() ? UUID.randomUUID().toString() : header.trim();
  }

  static JsonObjectBuilder toJson(CommandResult result) {
    JsonObjectBuilder json =
        JSON.createObjectBuilder()
            .add("command", result.commandType())
            .add("attempts", result.attempts())
            .add("cursor", result.cursor().encode())
            .add("events", WrittenEventsJson.of(result.events()));
    result.lastPosition().ifPresent(p -> json.add("position", p));
    return json;
  }
}
