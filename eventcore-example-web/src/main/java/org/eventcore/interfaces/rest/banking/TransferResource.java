package org.eventcore.interfaces.rest.banking;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eventcore.domain.banking.TransferMoney;
import org.eventcore.interfaces.rest.binding.RequestMessages;
import org.eventcore.interfaces.rest.command.CommandEndpoint;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * {@code POST /api/v1/transfers} {@code {"from","to","amount"}}: one atomic command over both
 * accounts → 200; 422 when the source lacks funds or an account does not exist; 409 only when
 * concurrent changes outlasted every retry.
 */
@Path("/transfers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TransferResource {

  @Inject CommandEndpoint commands;

  @POST
  @RolesAllowed({Roles.COMMANDER, Roles.ADMIN})
  public Response transfer(
      @HeaderParam(CommandEndpoint.CORRELATION_HEADER) String correlationId,
      @HeaderParam(CommandEndpoint.IDEMPOTENCY_HEADER) String idempotencyKey,
      @Valid @NotNull(message = RequestMessages.BODY_REQUIRED) TransferRequest body) {
    TransferMoney command = body.command();
    return commands.run(
        () -> command, correlationId, idempotencyKey, Response.Status.OK, Optional.empty());
  }
}
