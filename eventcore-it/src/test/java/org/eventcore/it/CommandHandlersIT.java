package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.eventcore.it.handlers.AuditEntry;
import org.eventcore.it.handlers.Clocks;
import org.eventcore.it.handlers.CreditHandler;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A user's own commands in the deployed server (issue 11): a WAR of the user's — a command record,
 * its CDI handler bean with injected configuration, clock and beans, an application JPA entity, an
 * after-commit observer — added to the built EAR, and driven over HTTP.
 */
@EventCoreServerTest
@RunAsClient
class CommandHandlersIT {

  private static final String ROOT = "handlers-it";

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    WebArchive war =
        ShrinkWrap.create(WebArchive.class, ROOT + ".war")
            .addPackage(CreditHandler.class.getPackage())
            .addAsResource(
                new StringAsset(
                    """
                    <persistence xmlns="https://jakarta.ee/xml/ns/persistence" version="3.0">
                      <persistence-unit name="it-app" transaction-type="JTA">
                        <provider>org.hibernate.jpa.HibernatePersistenceProvider</provider>
                        <jta-data-source>java:global/jdbc/EventCoreDS</jta-data-source>
                        <class>%s</class>
                        <exclude-unlisted-classes>true</exclude-unlisted-classes>
                        <properties>
                          <property name="hibernate.hbm2ddl.auto" value="update"/>
                        </properties>
                      </persistence-unit>
                    </persistence>
                    """
                        .formatted(AuditEntry.class.getName())),
                "META-INF/persistence.xml")
            .addAsWebInfResource(
                new StringAsset(
                    "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\""
                        + " bean-discovery-mode=\"annotated\"/>"),
                "beans.xml");
    return Deployments.builtEarWithModule(war, ROOT, "it.credit.max=1000");
  }

  private static String account() {
    return "ledger-" + UUID.randomUUID();
  }

  private static JsonObject post(String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(Http.app() + "/" + ROOT + path))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return json(Http.send(request));
  }

  private static JsonObject get(String path) {
    return json(Http.get(Http.app() + "/" + ROOT + path));
  }

  private static JsonObject json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  private static JsonObject credit(String account, long amount, String mode, String... extra) {
    return post(
        "/credits?account="
            + account
            + "&amount="
            + amount
            + "&mode="
            + mode
            + String.join("", extra));
  }

  /** The events of a stream, read through the service's own stream API. */
  private static JsonArray storedEvents(String account) {
    HttpResponse<String> response = Http.get(Http.app() + "/api/v1/streams/" + account);
    if (response.statusCode() == 404) {
      return JsonValue.EMPTY_JSON_ARRAY;
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.createReader(new StringReader(response.body())).readObject().getJsonArray("events");
  }

  @Test
  void aHandlerBeanDecidesWithItsInjectedConfigurationClockAndBeans() {
    String account = account();
    assertThat(credit(account, 1000, "own").getString("outcome")).isEqualTo("success");

    JsonObject credited = storedEvents(account).getJsonObject(0);
    assertThat(credited.getString("type")).isEqualTo("Credited");
    assertThat(credited.getJsonObject("data").getString("at")).isEqualTo(Clocks.NOW.toString());

    JsonObject refused = credit(account, 1001, "own");
    assertThat(refused.getString("exception")).isEqualTo("BusinessRuleViolationException");
    assertThat(refused.getString("message")).isEqualTo("Credit of 1001 is above 1000");
    assertThat(storedEvents(account)).hasSize(1);
  }

  @Test
  void aRetryDecidesAgainOnFreshStateInANewTransaction() {
    String account = account();
    credit(account, 10, "own");
    post("/interference?account=" + account);

    JsonObject result = credit(account, 5, "own");

    assertThat(result.getString("outcome")).isEqualTo("success");
    assertThat(result.getInt("attempts")).isEqualTo(2);
    JsonArray decisions = get("/decisions?account=" + account).getJsonArray("decisions");
    assertThat(decisions).hasSize(3); // the first credit, then two attempts of the second
    JsonObject first = decisions.getJsonObject(1);
    JsonObject retry = decisions.getJsonObject(2);
    assertThat(first.getString("transaction")).isNotEqualTo("none");
    assertThat(retry.getString("transaction"))
        .isNotEqualTo("none")
        .isNotEqualTo(first.getString("transaction"));
    assertThat(first.getJsonNumber("balanceSeen").longValue()).isEqualTo(10);
    assertThat(retry.getJsonNumber("balanceSeen").longValue())
        .as("the retry folded the concurrent credit of 1")
        .isEqualTo(11);
    assertThat(storedEvents(account)).hasSize(3);
  }

  @Test
  void commandsRunAsynchronouslyAndOncePerIdempotencyKey() {
    String account = account();
    String key = "&key=credit-" + UUID.randomUUID();

    JsonObject first = credit(account, 7, "async", key);
    JsonObject again = credit(account, 7, "async", key);

    assertThat(first.getString("outcome")).isEqualTo("success");
    assertThat(first.getBoolean("replayed")).isFalse();
    assertThat(again.getBoolean("replayed")).isTrue();
    assertThat(storedEvents(account)).hasSize(1);
  }

  @Test
  void theRequestsCorrelationAndCausationReachTheEventsWithoutBeingPassedByHand() {
    String account = account();
    post(
        "/credits?account=" + account + "&amount=3&mode=own",
        "X-Correlation-Id",
        "correlation-" + account,
        "X-Causation-Id",
        "cause-" + account);
    post(
        "/credits?account=" + account + "&amount=4&mode=async",
        "X-Correlation-Id",
        "async-" + account);

    JsonArray events = storedEvents(account);
    JsonObject metadata = events.getJsonObject(0).getJsonObject("metadata");
    assertThat(metadata.getString("correlationId")).isEqualTo("correlation-" + account);
    assertThat(metadata.getString("causationId")).isEqualTo("cause-" + account);
    assertThat(metadata.getString("command")).isEqualTo("Credit");
    assertThat(events.getJsonObject(1).getJsonObject("metadata").getString("correlationId"))
        .isEqualTo("async-" + account);
  }

  @Test
  void inTheCallersTransactionTheEntityAndTheEventsCommitTogether() {
    String account = account();
    String note = "audit-" + account;

    JsonObject result = credit(account, 20, "join", "&note=" + note);

    assertThat(result.getString("outcome")).as(result.toString()).isEqualTo("success");
    assertThat(result.getInt("attempts")).isEqualTo(1);
    assertThat(get("/audit?note=" + note).getInt("entries")).isEqualTo(1);
    assertThat(storedEvents(account)).hasSize(1);
  }

  @Test
  void aConflictInTheCallersTransactionRollsBothBackAndIsNotRetried() {
    String account = account();
    String note = "conflict-" + account;
    credit(account, 20, "own");
    post("/interference?account=" + account);

    JsonObject result = credit(account, 5, "join", "&note=" + note);

    assertThat(result.getString("outcome")).isEqualTo("failed");
    assertThat(result.getString("cause")).isEqualTo("ConcurrencyConflictException");
    assertThat(result.getBoolean("markedForRollback")).isTrue();
    assertThat(get("/decisions?account=" + account).getJsonArray("decisions"))
        .as("one attempt only")
        .hasSize(2);
    assertThat(get("/audit?note=" + note).getInt("entries")).isZero();
    assertThat(storedEvents(account)).hasSize(2); // the first credit and the concurrent one
  }

  @Test
  void aRejectionInTheCallersTransactionRollsBothBack() {
    String account = account();
    String note = "rejected-" + account;

    JsonObject result = credit(account, 5000, "join", "&note=" + note);

    assertThat(result.getString("cause")).isEqualTo("BusinessRuleViolationException");
    assertThat(result.getBoolean("markedForRollback")).isTrue();
    assertThat(get("/audit?note=" + note).getInt("entries")).isZero();
    assertThat(storedEvents(account)).isEmpty();
  }

  @Test
  void aCallerFailingAfterTheCommandRollsBothBack() {
    String account = account();
    String note = "caller-fails-" + account;

    JsonObject result = credit(account, 5, "join-fail-after", "&note=" + note);

    assertThat(result.getString("exception")).isEqualTo("IllegalStateException");
    assertThat(get("/audit?note=" + note).getInt("entries")).isZero();
    assertThat(storedEvents(account)).isEmpty();
  }

  @Test
  void joiningWithoutATransactionIsRefusedAndWritesNothing() {
    String account = account();

    JsonObject result = credit(account, 5, "join-without-transaction");

    assertThat(result.getString("exception")).isEqualTo("IllegalStateException");
    assertThat(result.getString("message")).contains("no active JTA transaction");
    assertThat(storedEvents(account)).isEmpty();
  }

  @Test
  void afterCommitObserversSeeEachCommittedEventOnceAndNoneOfAFailedAttempt() {
    String account = account();
    credit(account, 1, "own");
    post("/interference?account=" + account); // the next command's first attempt rolls back
    credit(account, 2, "own");
    credit(account, 3, "async");
    credit(account, 4, "join", "&note=observed-" + account);
    credit(account, 5, "join-fail-after", "&note=observed-" + account); // rolled back
    credit(account, 5000, "own"); // rejected

    JsonArray stored = storedEvents(account);
    List<String> commandEvents =
        stored.stream()
            .map(JsonValue::asJsonObject)
            .filter(e -> e.getJsonObject("metadata").containsKey("command"))
            .map(e -> e.getString("eventId"))
            .toList();
    assertThat(stored).hasSize(5); // four credits by commands and the concurrent one
    JsonObject observed = get("/observed?account=" + account);
    assertThat(
            observed.getJsonArray("eventIds").stream()
                .map(v -> ((JsonString) v).getString())
                .toList())
        .containsExactlyElementsOf(commandEvents);
    assertThat(
            observed.getJsonArray("creditAmounts").stream()
                .map(v -> ((JsonNumber) v).longValue())
                .toList())
        .containsExactly(1L, 2L, 3L, 4L);
  }
}
