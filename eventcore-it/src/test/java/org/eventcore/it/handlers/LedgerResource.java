package org.eventcore.it.handlers;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.CommittedEvent;
import org.eventcore.application.command.CommandExecutor;
import org.eventcore.application.command.CommandOptions;
import org.eventcore.application.command.CommandResult;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * Drives the test application over HTTP. Every answer is 200 with what happened, so that the test
 * sees exceptions by name.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.COMMANDER, Roles.READER})
public class LedgerResource {

  @Inject CommandExecutor commands;
  @Inject AuditedLedger ledger;
  @Inject Decisions decisions;
  @Inject CommittedObserver observer;

  /**
   * {@code mode}: {@code own} (a transaction of its own, retried), {@code async}, {@code join}
   * (inside {@link AuditedLedger}'s transaction with an audit entry), {@code join-fail-after} (the
   * same, and the caller fails after the command), {@code join-without-transaction} (asks to join,
   * but the resource has no transaction).
   */
  @POST
  @Path("/credits")
  public String credit(
      @QueryParam("account") String account,
      @QueryParam("amount") long amount,
      @QueryParam("mode") String mode,
      @QueryParam("note") String note,
      @QueryParam("key") String key) {
    Credit credit = new Credit(StreamId.of(account), amount);
    CommandOptions options =
        key == null ? CommandOptions.none() : CommandOptions.none().withIdempotencyKey(key);
    try {
      CommandResult result =
          switch (mode) {
            case "own" -> commands.execute(credit, options);
            case "async" ->
                commands
                    .executeAsync(credit, options)
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            case "join" -> ledger.credit(credit, note, false);
            case "join-fail-after" -> ledger.credit(credit, note, true);
            case "join-without-transaction" ->
                commands.execute(credit, options.inCallerTransaction()); // a resource has none
            default -> throw new IllegalArgumentException("mode " + mode);
          };
      return Json.createObjectBuilder()
          .add("outcome", "success")
          .add("attempts", result.attempts())
          .add("replayed", result.replayed())
          .add("events", result.events().size())
          .build()
          .toString();
    } catch (Exception e) {
      Throwable failure = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      if (failure instanceof CompletionException && failure.getCause() != null) {
        failure = failure.getCause();
      }
      JsonObjectBuilder json =
          Json.createObjectBuilder()
              .add("outcome", "failed")
              .add("exception", failure.getClass().getSimpleName())
              .add("message", String.valueOf(failure.getMessage()));
      if (failure instanceof AuditedLedger.Failed failed) {
        json.add("markedForRollback", failed.markedForRollback)
            .add("cause", failed.getCause().getClass().getSimpleName());
      }
      return json.build().toString();
    }
  }

  @POST
  @Path("/interference")
  public String interfereOnce(@QueryParam("account") String account) {
    decisions.interfereOnceWith(account);
    return "{}";
  }

  @GET
  @Path("/decisions")
  public String decisions(@QueryParam("account") String account) {
    JsonArrayBuilder list = Json.createArrayBuilder();
    for (Decisions.Decision decision : decisions.of(account)) {
      list.add(
          Json.createObjectBuilder()
              .add("transaction", decision.transaction())
              .add("balanceSeen", decision.balanceSeen()));
    }
    return Json.createObjectBuilder().add("decisions", list).build().toString();
  }

  @GET
  @Path("/audit")
  public String audit(@QueryParam("note") String note) {
    return Json.createObjectBuilder().add("entries", ledger.auditEntries(note)).build().toString();
  }

  @GET
  @Path("/observed")
  public String observed(@QueryParam("account") String account) {
    JsonArrayBuilder ids = Json.createArrayBuilder();
    for (CommittedEvent event : observer.envelopesOf(account)) {
      ids.add(event.eventId().toString());
    }
    JsonArrayBuilder amounts = Json.createArrayBuilder();
    observer.creditsOf(account).forEach(c -> amounts.add(c.amount()));
    return Json.createObjectBuilder()
        .add("eventIds", ids)
        .add("creditAmounts", amounts)
        .build()
        .toString();
  }
}
