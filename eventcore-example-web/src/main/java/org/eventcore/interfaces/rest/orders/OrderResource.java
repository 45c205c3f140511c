package org.eventcore.interfaces.rest.orders;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.eventcore.application.StreamFolds;
import org.eventcore.application.orders.OrderQueries;
import org.eventcore.domain.orders.FulfilOrder;
import org.eventcore.domain.orders.Order;
import org.eventcore.domain.orders.OrderId;
import org.eventcore.domain.orders.PlaceOrder;
import org.eventcore.infrastructure.projection.ProjectionCatchUp;
import org.eventcore.interfaces.rest.binding.RequestMessages;
import org.eventcore.interfaces.rest.command.CommandEndpoint;
import org.eventcore.interfaces.rest.problem.ResourceNotFoundException;
import org.eventcore.interfaces.rest.projections.ReadYourWrites;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * Orders.
 *
 * <ul>
 *   <li>{@code POST /api/v1/orders} {@code {"orderId","items":[{"sku","quantity"}]}} → 201
 *   <li>{@code POST /api/v1/orders/{id}/fulfilment} → 200: stock, order and shipment written
 *       atomically; 422 when an item is short
 *   <li>{@code GET /api/v1/orders/{id}} → {@code {"orderId","status","items","version"}}
 * </ul>
 */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {

  @Inject CommandEndpoint commands;
  @Inject OrderQueries orders;
  @Context UriInfo uriInfo;
  @Inject ProjectionCatchUp catchUp;

  @POST
  @RolesAllowed({Roles.COMMANDER, Roles.ADMIN})
  public Response place(
      @HeaderParam(CommandEndpoint.CORRELATION_HEADER) String correlationId,
      @HeaderParam(CommandEndpoint.IDEMPOTENCY_HEADER) String idempotencyKey,
      @Valid @NotNull(message = RequestMessages.BODY_REQUIRED) PlaceOrderRequest body) {
    PlaceOrder command = body.command();
    OrderId id = command.orderId();
    return commands.run(
        () -> command,
        correlationId,
        idempotencyKey,
        Response.Status.CREATED,
        Optional.of(
            uriInfo.getBaseUriBuilder().path(OrderResource.class).path(id.value()).build()));
  }

  @POST
  @RolesAllowed({Roles.COMMANDER, Roles.ADMIN})
  @Path("/{id}/fulfilment")
  public Response fulfil(
      @PathParam("id") String id,
      @HeaderParam(CommandEndpoint.CORRELATION_HEADER) String correlationId,
      @HeaderParam(CommandEndpoint.IDEMPOTENCY_HEADER) String idempotencyKey) {
    return commands.run(
        () -> new FulfilOrder(new OrderId(id)),
        correlationId,
        idempotencyKey,
        Response.Status.OK,
        Optional.empty());
  }

  /** {@code GET /api/v1/orders?status=&page=&size=}: summaries from the order read model. */
  @GET
  @RolesAllowed({Roles.READER, Roles.ADMIN})
  public Response list(
      @QueryParam("status") String status,
      @QueryParam("after") String after,
      @QueryParam("page") @DefaultValue("0") @Min(0) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
    ReadYourWrites.await(catchUp, "order-summaries", after);
    JsonArrayBuilder summaries = JSON.createArrayBuilder();
    for (OrderQueries.OrderSummary summary : orders.list(Optional.ofNullable(status), page, size)) {
      summaries.add(
          JSON.createObjectBuilder()
              .add("orderId", summary.orderId())
              .add("status", summary.status())
              .add("itemCount", summary.itemCount())
              .add("units", summary.units()));
    }
    return Response.ok(
            JSON.createObjectBuilder()
                .add("orders", summaries)
                .add("page", page)
                .build()
                .toString())
        .build();
  }

  @GET
  @RolesAllowed({Roles.READER, Roles.ADMIN})
  @Path("/{id}")
  public Response get(@PathParam("id") String id) {
    StreamFolds.Folded<Order> order =
        orders
            .find(new OrderId(id))
            .orElseThrow(() -> new ResourceNotFoundException("Order " + id + " does not exist"));
    JsonArrayBuilder items = JSON.createArrayBuilder();
    order
        .value()
        .lines()
        .forEach(
            l ->
                items.add(
                    JSON.createObjectBuilder().add("sku", l.sku()).add("quantity", l.quantity())));
    return Response.ok(
            JSON.createObjectBuilder()
                .add("orderId", id)
                .add("status", order.value().status().name())
                .add("items", items)
                .add("version", order.version())
                .build()
                .toString())
        .tag(new EntityTag(Long.toString(order.version())))
        .build();
  }
}
