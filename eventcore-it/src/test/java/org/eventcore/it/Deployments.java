package org.eventcore.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The EAR exactly as the build produced it. */
final class Deployments {

  private Deployments() {}

  static EnterpriseArchive builtEar() {
    File ear =
        new File(System.getProperty("eventcore.ear", "../eventcore-ear/target/eventcore.ear"));
    if (!ear.isFile()) {
      throw new IllegalStateException(
          "Build the EAR first: " + ear.getAbsolutePath() + " is missing");
    }
    return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
  }

  /**
   * The built EAR plus a library jar whose {@code microprofile-config.properties} (ordinal 500)
   * overrides the given settings, e.g. to switch the chaos store on.
   */
  static EnterpriseArchive builtEarWithConfig(String... properties) {
    JavaArchive config =
        ShrinkWrap.create(JavaArchive.class, "test-config.jar")
            .addAsManifestResource(
                new StringAsset("config_ordinal=500\n" + String.join("\n", properties) + "\n"),
                "microprofile-config.properties");
    return builtEar().addAsLibrary(config);
  }

  /**
   * {@link #builtEarWithConfig} plus the test kit (eventcore-testing) in lib/: its chaos decorator
   * makes the store misbehave as the {@code eventcore.testing.chaos.*} settings say. Production
   * deployments never carry the kit.
   */
  static EnterpriseArchive builtEarWithTestKit(String... properties) {
    File kit = new File(System.getProperty("eventcore.testing.jar", "missing"));
    if (!kit.isFile()) {
      throw new IllegalStateException("Build eventcore-testing first: " + kit + " is missing");
    }
    return builtEarWithConfig(properties)
        .addAsLibrary(ShrinkWrap.createFromZipFile(JavaArchive.class, kit));
  }

  /**
   * The built EAR plus a user's own WAR module at {@code /<contextRoot>}, listed in the EAR's
   * {@code application.xml} (modules that are not listed there are not deployed).
   */
  static EnterpriseArchive builtEarWithModule(WebArchive war, String contextRoot) {
    EnterpriseArchive ear = builtEar();
    String descriptor;
    try (InputStream in = ear.get("META-INF/application.xml").getAsset().openStream()) {
      descriptor = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String module =
        "  <module>\n    <web>\n      <web-uri>"
            + war.getName()
            + "</web-uri>\n      <context-root>/"
            + contextRoot
            + "</context-root>\n    </web>\n  </module>\n  <library-directory>";
    ear.delete("META-INF/application.xml");
    ear.addAsManifestResource(
        new StringAsset(descriptor.replace("<library-directory>", module)), "application.xml");
    return ear.addAsModule(war);
  }

  /** {@link #builtEarWithModule} with settings overridden as in {@link #builtEarWithConfig}. */
  static EnterpriseArchive builtEarWithModule(
      WebArchive war, String contextRoot, String... properties) {
    JavaArchive config =
        ShrinkWrap.create(JavaArchive.class, "test-config.jar")
            .addAsManifestResource(
                new StringAsset("config_ordinal=500\n" + String.join("\n", properties) + "\n"),
                "microprofile-config.properties");
    return builtEarWithModule(war, contextRoot).addAsLibrary(config);
  }
}
