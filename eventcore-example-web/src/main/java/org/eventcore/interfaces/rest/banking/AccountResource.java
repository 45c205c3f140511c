package org.eventcore.interfaces.rest.banking;

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
import org.eventcore.application.banking.AccountQueries;
import org.eventcore.application.banking.AccountView;
import org.eventcore.domain.banking.AccountId;
import org.eventcore.domain.banking.Deposit;
import org.eventcore.domain.banking.OpenAccount;
import org.eventcore.domain.banking.Withdraw;
import org.eventcore.infrastructure.projection.ProjectionCatchUp;
import org.eventcore.interfaces.rest.binding.RequestMessages;
import org.eventcore.interfaces.rest.command.CommandEndpoint;
import org.eventcore.interfaces.rest.problem.ResourceNotFoundException;
import org.eventcore.interfaces.rest.projections.ReadYourWrites;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * Accounts. Amounts are integers in minor units (cents).
 *
 * <ul>
 *   <li>{@code POST /api/v1/accounts} {@code {"accountId","owner","initialBalance"}} → 201
 *   <li>{@code POST /api/v1/accounts/{id}/deposits} {@code {"amount"}} → 200
 *   <li>{@code POST /api/v1/accounts/{id}/withdrawals} {@code {"amount"}} → 200, 422 when the funds
 *       are insufficient
 *   <li>{@code GET /api/v1/accounts/{id}} → {@code {"accountId","owner","balance","version"}}, 404
 *       when unknown
 * </ul>
 */
@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountResource {

  @Inject CommandEndpoint commands;
  @Inject AccountQueries accounts;
  @Context UriInfo uriInfo;
  @Inject ProjectionCatchUp catchUp;

  @POST
  @RolesAllowed({Roles.COMMANDER, Roles.ADMIN})
  public Response open(
      @HeaderParam(CommandEndpoint.CORRELATION_HEADER) String correlationId,
      @HeaderParam(CommandEndpoint.IDEMPOTENCY_HEADER) String idempotencyKey,
      @Valid @NotNull(message = RequestMessages.BODY_REQUIRED) OpenAccountRequest body) {
    OpenAccount command = body.command();
    AccountId id = command.accountId();
    return commands.run(
        () -> command,
        correlationId,
        idempotencyKey,
        Response.Status.CREATED,
        Optional.of(
            uriInfo.getBaseUriBuilder().path(AccountResource.class).path(id.value()).build()));
  }

  @POST
  @RolesAllowed({Roles.COMMANDER, Roles.ADMIN})
  @Path("/{id}/deposits")
  public Response deposit(
      @PathParam("id") String id,
      @HeaderParam(CommandEndpoint.CORRELATION_HEADER) String correlationId,
      @HeaderParam(CommandEndpoint.IDEMPOTENCY_HEADER) String idempotencyKey,
      @Valid @NotNull(message = RequestMessages.BODY_REQUIRED) AmountRequest body) {
    Deposit command = new Deposit(AccountId.of(id), body.amount());
    return commands.run(
        () -> command, correlationId, idempotencyKey, Response.Status.OK, Optional.empty());
  }

  @POST
  @RolesAllowed({Roles.COMMANDER, Roles.ADMIN})
  @Path("/{id}/withdrawals")
  public Response withdraw(
      @PathParam("id") String id,
      @HeaderParam(CommandEndpoint.CORRELATION_HEADER) String correlationId,
      @HeaderParam(CommandEndpoint.IDEMPOTENCY_HEADER) String idempotencyKey,
      @Valid @NotNull(message = RequestMessages.BODY_REQUIRED) AmountRequest body) {
    Withdraw command = new Withdraw(AccountId.of(id), body.amount());
    return commands.run(
        () -> command, correlationId, idempotencyKey, Response.Status.OK, Optional.empty());
  }

  /**
   * {@code GET /api/v1/accounts?owner=&minBalance=&page=&size=}: accounts from the balances read
   * model (built by a projection, so a moment behind the streams).
   */
  @GET
  @RolesAllowed({Roles.READER, Roles.ADMIN})
  public Response list(
      @QueryParam("owner") String owner,
      @QueryParam("minBalance") Long minBalance,
      @QueryParam("after") String after,
      @QueryParam("page") @DefaultValue("0") @Min(0) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
    ReadYourWrites.await(catchUp, "account-balances", after);
    JsonArrayBuilder items = JSON.createArrayBuilder();
    for (AccountView account :
        accounts.list(Optional.ofNullable(owner), Optional.ofNullable(minBalance), page, size)) {
      items.add(
          JSON.createObjectBuilder()
              .add("accountId", account.accountId())
              .add("owner", account.owner())
              .add("balance", account.balance())
              .add("version", account.version()));
    }
    return Response.ok(
            JSON.createObjectBuilder().add("accounts", items).add("page", page).build().toString())
        .build();
  }

  @GET
  @RolesAllowed({Roles.READER, Roles.ADMIN})
  @Path("/{id}")
  public Response get(@PathParam("id") String id) {
    AccountView account =
        accounts
            .find(AccountId.of(id))
            .orElseThrow(() -> new ResourceNotFoundException("Account " + id + " does not exist"));
    return Response.ok(
            JSON.createObjectBuilder()
                .add("accountId", account.accountId())
                .add("owner", account.owner())
                .add("balance", account.balance())
                .add("version", account.version())
                .build()
                .toString())
        .tag(new EntityTag(Long.toString(account.version())))
        .build();
  }
}
