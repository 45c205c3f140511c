package org.eventcore.interfaces.rest.orders;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eventcore.application.StreamFolds;
import org.eventcore.application.orders.OrderQueries;
import org.eventcore.domain.orders.Restock;
import org.eventcore.domain.orders.Sku;
import org.eventcore.interfaces.rest.binding.RequestMessages;
import org.eventcore.interfaces.rest.command.CommandEndpoint;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * Inventory: {@code POST /api/v1/inventory/{sku}/restocks} {@code {"quantity"}} → 200; {@code GET
 * /api/v1/inventory/{sku}} → {@code {"sku","onHand","version"}}.
 */
@Path("/inventory/{sku}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InventoryResource {

  @Inject CommandEndpoint commands;
  @Inject OrderQueries orders;

  @POST
  @RolesAllowed({Roles.COMMANDER, Roles.ADMIN})
  @Path("/restocks")
  public Response restock(
      @PathParam("sku") String sku,
      @HeaderParam(CommandEndpoint.CORRELATION_HEADER) String correlationId,
      @HeaderParam(CommandEndpoint.IDEMPOTENCY_HEADER) String idempotencyKey,
      @Valid @NotNull(message = RequestMessages.BODY_REQUIRED) RestockRequest body) {
    Restock command = new Restock(new Sku(sku), body.quantity());
    return commands.run(
        () -> command, correlationId, idempotencyKey, Response.Status.OK, Optional.empty());
  }

  @GET
  @RolesAllowed({Roles.READER, Roles.ADMIN})
  public Response stock(@PathParam("sku") String sku) {
    StreamFolds.Folded<Integer> stock = orders.stock(new Sku(sku));
    return Response.ok(
            JSON.createObjectBuilder()
                .add("sku", sku)
                .add("onHand", stock.value())
                .add("version", stock.version())
                .build()
                .toString())
        .build();
  }
}
