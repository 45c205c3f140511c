package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eventcore.interfaces.rest.security.Roles;
import org.eventcore.it.closed.UsersResource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A user's own WAR that adds eventcore-web to its WEB-INF/lib (as the README and the template say)
 * is closed by default: a resource method without {@code @RolesAllowed}/{@code @PermitAll} answers
 * nobody, not even the administrator; one with a rule answers its roles.
 */
@EventCoreServerTest
@RunAsClient
class ClosedByDefaultIT {

  private static final String ROOT = "users-app";

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    File web = new File(System.getProperty("eventcore.web.jar", "missing"));
    if (!web.isFile()) {
      throw new IllegalStateException("Build eventcore-web first: " + web + " is missing");
    }
    WebArchive war =
        ShrinkWrap.create(WebArchive.class, ROOT + ".war")
            .addPackage(UsersResource.class.getPackage())
            .addAsLibrary(ShrinkWrap.createFromZipFile(JavaArchive.class, web))
            .addAsWebInfResource(
                new StringAsset(
                    "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\""
                        + " bean-discovery-mode=\"annotated\"/>"),
                "beans.xml");
    return Deployments.builtEarWithModule(war, ROOT);
  }

  private static URI url(String path) {
    return URI.create(Http.app() + "/" + ROOT + path);
  }

  @Test
  void aResourceMethodWithoutARuleIsRefusedToEveryone() {
    HttpResponse<String> anonymous =
        Http.sendWithoutDefaultToken(HttpRequest.newBuilder(url("/unguarded")).GET());
    assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    for (String token : List.of(Tokens.defaultToken(), Tokens.of("root", Roles.ADMIN))) {
      HttpResponse<String> refused =
          Http.send(
              HttpRequest.newBuilder(url("/unguarded"))
                  .header("Authorization", "Bearer " + token)
                  .GET());
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      assertThat(refused.body()).doesNotContain("never be answered").contains("CE005");
    }
  }

  @Test
  void aResourceMethodWithARuleAnswersItsRolesOnly() {
    HttpResponse<String> reader =
        Http.send(
            HttpRequest.newBuilder(url("/guarded"))
                .header("Authorization", "Bearer " + Tokens.of("u-reader", Roles.READER))
                .GET());
    assertThat(reader.statusCode()).as(reader.body()).isEqualTo(200);
    assertThat(reader.body()).isEqualTo("guarded answer");
    HttpResponse<String> commander =
        Http.send(
            HttpRequest.newBuilder(url("/guarded"))
                .header("Authorization", "Bearer " + Tokens.of("u-commander", Roles.COMMANDER))
                .GET());
    assertThat(commander.statusCode()).as(commander.body()).isEqualTo(403);
    HttpResponse<String> anonymous =
        Http.sendWithoutDefaultToken(HttpRequest.newBuilder(url("/guarded")).GET());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }
}
