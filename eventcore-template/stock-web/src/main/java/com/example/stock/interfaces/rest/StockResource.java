package com.example.stock.interfaces.rest;

import com.example.stock.application.StockLevels;
import com.example.stock.application.StockLevelsProjection;
import com.example.stock.domain.MoveStock;
import com.example.stock.domain.ReceiveStock;
import com.example.stock.domain.Warehouses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eventcore.application.command.CommandExecutor;
import org.eventcore.application.command.CommandResult;
import org.eventcore.infrastructure.projection.ProjectionCatchUp;
import org.eventcore.interfaces.rest.projections.ReadYourWrites;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * Stock of warehouses.
 *
 * <ul>
 *   <li>{@code POST /api/stock/receipts} {@code {"warehouse","quantity"}}
 *   <li>{@code POST /api/stock/moves} {@code {"from","to","quantity"}}: 422 (problem+json) when the
 *       source has fewer items on hand
 *   <li>{@code GET /api/stock/warehouses/{name}?after=<cursor>}: items on hand from the read model;
 *       with the {@code cursor} a command answered, once the read model has taken it into account
 * </ul>
 */
@Path("/stock")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StockResource {

  public record Receipt(String warehouse, int quantity) {}

  public record Move(String from, String to, int quantity) {}

  /** What a command did; {@code cursor} makes a later read wait for the read model. */
  public record Outcome(String command, int attempts, int events, String cursor) {}

  public record Level(String warehouse, int onHand) {}

  @Inject CommandExecutor commands;
  @Inject StockLevels levels;
  @Inject ProjectionCatchUp catchUp;

  @POST
  @RolesAllowed({Roles.COMMANDER, Roles.ADMIN})
  @Path("/receipts")
  public Outcome receive(Receipt receipt) {
    return outcome(
        commands.execute(
            new ReceiveStock(Warehouses.stream(receipt.warehouse()), receipt.quantity())));
  }

  @POST
  @RolesAllowed({Roles.COMMANDER, Roles.ADMIN})
  @Path("/moves")
  public Outcome move(Move move) {
    return outcome(
        commands.execute(
            new MoveStock(
                Warehouses.stream(move.from()), Warehouses.stream(move.to()), move.quantity())));
  }

  @GET
  @RolesAllowed({Roles.READER, Roles.ADMIN})
  @Path("/warehouses/{name}")
  public Level level(@PathParam("name") String name, @QueryParam("after") String after) {
    ReadYourWrites.await(catchUp, StockLevelsProjection.NAME, after);
    return levels
        .onHand(name)
        .map(onHand -> new Level(name, onHand))
        .orElseThrow(() -> new NotFoundException("No stock was ever received in " + name));
  }

  private static Outcome outcome(CommandResult result) {
    return new Outcome(
        result.commandType(), result.attempts(), result.events().size(), result.cursor().encode());
  }
}
