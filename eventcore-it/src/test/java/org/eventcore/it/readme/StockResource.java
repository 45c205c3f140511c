package org.eventcore.it.readme;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eventcore.api.StreamId;
import org.eventcore.application.command.CommandExecutor;
import org.eventcore.application.command.CommandResult;
import org.eventcore.interfaces.rest.security.Roles;

@Path("/stock")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StockResource {

  public record Receipt(String warehouse, int quantity) {}

  public record Move(String from, String to, int quantity) {}

  @Inject CommandExecutor commands;

  @POST
  @Path("/receipts")
  @RolesAllowed({Roles.COMMANDER, Roles.ADMIN})
  public Map<String, Object> receive(Receipt receipt) {
    return answer(
        commands.execute(new ReceiveStock(warehouse(receipt.warehouse()), receipt.quantity())));
  }

  @POST
  @Path("/moves")
  @RolesAllowed({Roles.COMMANDER, Roles.ADMIN})
  public Map<String, Object> move(Move move) {
    return answer(
        commands.execute(
            new MoveStock(warehouse(move.from()), warehouse(move.to()), move.quantity())));
  }

  private static StreamId warehouse(String name) {
    return StreamId.of("warehouse-" + name);
  }

  private static Map<String, Object> answer(CommandResult result) {
    return Map.of(
        "command", result.commandType(),
        "attempts", result.attempts(),
        "events", result.events().size());
  }
}
