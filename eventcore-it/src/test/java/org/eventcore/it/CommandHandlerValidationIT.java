package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.eventcore.it.handlers.broken.MisfitHandler;
import org.eventcore.it.handlers.broken.Orphan;
import org.eventcore.it.handlers.broken.Twice;
import org.eventcore.it.handlers.broken.TwiceHandlerOne;
import org.eventcore.it.handlers.broken.TwiceHandlerTwo;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Command handlers are checked at deployment (issue 11, point 2): an archive with a command record
 * without a handler, a command with two handlers and a handler whose types do not fit is refused,
 * with one message naming every class — never a failure on the first request.
 */
@EventCoreServerTest
@RunAsClient
class CommandHandlerValidationIT {

  @ArquillianResource Deployer deployer;

  @Deployment(name = "broken", managed = false, testable = false)
  static EnterpriseArchive ear() {
    WebArchive war =
        ShrinkWrap.create(WebArchive.class, "broken-handlers.war")
            .addPackage(Orphan.class.getPackage())
            .addAsWebInfResource(
                new StringAsset(
                    "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\""
                        + " bean-discovery-mode=\"all\"/>"),
                "beans.xml");
    return Deployments.builtEarWithModule(war, "broken-handlers");
  }

  @Test
  void anArchiveWithBrokenHandlersFailsToDeployWithOneMessageNamingTheClasses() {
    Throwable failure = null;
    try {
      deployer.deploy("broken");
    } catch (Exception e) { // Arquillian's DeploymentException, thrown although undeclared
      failure = e;
    } finally {
      try {
        deployer.undeploy("broken");
      } catch (Exception alreadyGone) {
        // a deployment that failed may have been removed already
      }
    }
    assertThat(failure).as("the broken archive deployed").isNotNull();
    String message = messages(failure);
    assertThat(message)
        .contains("EventCore command handlers: 3 problems")
        .contains(Orphan.class.getName() + " declares @Stream components but has no handler")
        .contains(
            Twice.class.getName()
                + " has 2 handlers: "
                + TwiceHandlerOne.class.getName()
                + ", "
                + TwiceHandlerTwo.class.getName())
        .contains(MisfitHandler.class.getName() + " handles java.lang.Runnable");
    assertThat(Http.get(Http.management() + "/health/ready").body())
        .as("the failed deployment left nothing behind (no health checks of its own)")
        .doesNotContain("eventcore");
  }

  private static String messages(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      text.append(t.getMessage()).append('\n');
    }
    return text.toString();
  }
}
