package org.eventcore.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

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
}
