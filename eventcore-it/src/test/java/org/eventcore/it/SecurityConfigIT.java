package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventcore.it.SecurityIT.assertProblem;
import static org.eventcore.it.SecurityIT.getAs;
import static org.eventcore.it.SecurityIT.postAs;

import java.net.http.HttpResponse;
import org.eventcore.interfaces.rest.security.Roles;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * Stream permissions and the rate limit are configuration: the built EAR with {@code
 * eventcore.security.stream-permissions} and {@code eventcore.security.rate-limit.*} overridden, as
 * an operator would. The limit is 3 requests per hour per caller, so a fourth request within the
 * test is over it whatever the machine's speed (one request's budget comes back after 20 minutes);
 * every test here uses callers of its own.
 */
@EventCoreServerTest
@RunAsClient
class SecurityConfigIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEarWithConfig(
        "eventcore.security.stream-permissions=read:*=reader|admin, read:secret-=admin,"
            + " append:*=admin, append:notes-=appender|admin",
        "eventcore.security.rate-limit.requests=3",
        "eventcore.security.rate-limit.period-seconds=3600");
  }

  private static final String EVENTS = "[{\"type\":\"NoteTaken\",\"data\":{}}]";

  @Test
  void appendersAppendOnlyWhereTheConfiguredPermissionsSay() {
    String appender = Tokens.of(Api.fresh("perm-appender"), Roles.APPENDER);
    String notes = Api.fresh("notes-perm");
    assertThat(postAs(appender, "/streams/" + notes + "/events", EVENTS).statusCode())
        .isEqualTo(201);

    String other = Api.fresh("ledger-perm");
    HttpResponse<String> refused = postAs(appender, "/streams/" + other + "/events", EVENTS);
    assertProblem(refused, 403, "CE005");
    assertThat(SecurityIT.bodyOf(refused).getString("streamId")).isEqualTo(other);
    assertThat(SecurityIT.bodyOf(refused).getString("operation")).isEqualTo("append");

    // a multi-stream append with one forbidden stream writes none of them
    String notes2 = Api.fresh("notes-perm");
    HttpResponse<String> multi =
        postAs(
            appender,
            "/events",
            "{\"streams\":[{\"streamId\":\""
                + notes2
                + "\",\"events\":"
                + EVENTS
                + "},{\"streamId\":\""
                + other
                + "\",\"events\":"
                + EVENTS
                + "}]}");
    assertProblem(multi, 403, "CE005");
    String admin = Tokens.of(Api.fresh("perm-admin"), Roles.ADMIN);
    assertThat(SecurityIT.bodyOf(getAs(admin, "/streams/" + notes2)).getInt("version")).isZero();
    assertThat(SecurityIT.bodyOf(getAs(admin, "/streams/" + other)).getInt("version")).isZero();
  }

  @Test
  void readersReadOnlyWhatTheConfiguredPermissionsSay() {
    String reader = Tokens.of(Api.fresh("perm-reader"), Roles.READER);
    assertThat(getAs(reader, "/streams/" + Api.fresh("notes-open")).statusCode()).isEqualTo(200);
    HttpResponse<String> secret = getAs(reader, "/streams/" + Api.fresh("secret-plan"));
    assertProblem(secret, 403, "CE005");
    assertThat(SecurityIT.bodyOf(secret).getString("operation")).isEqualTo("read");
    // the feed carries every stream, secret- ones too
    assertProblem(getAs(reader, "/events"), 403, "CE005");

    String admin = Tokens.of(Api.fresh("perm-admin"), Roles.ADMIN);
    assertThat(getAs(admin, "/streams/" + Api.fresh("secret-plan")).statusCode()).isEqualTo(200);
    assertThat(getAs(admin, "/events").statusCode()).isEqualTo(200);
  }

  @Test
  void aCallerOverItsRateLimitIsAnswered429WithRetryAfterAndOthersAreNot() {
    String busy = Tokens.of(Api.fresh("busy"), Roles.READER);
    String stream = "/streams/" + Api.fresh("notes-rate");
    for (int i = 0; i < 3; i++) {
      assertThat(getAs(busy, stream).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> limited = getAs(busy, stream);
    assertProblem(limited, 429, "CE010");
    long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isPositive().isLessThanOrEqualTo(1200);

    // the limit is per caller
    assertThat(getAs(Tokens.of(Api.fresh("idle"), Roles.READER), stream).statusCode())
        .isEqualTo(200);
  }
}
