package org.eventcore.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

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
}
