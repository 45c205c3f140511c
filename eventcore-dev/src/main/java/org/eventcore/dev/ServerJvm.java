package org.eventcore.dev;

import java.util.List;

/**
 * The JVM options WildFly runs with when EventCore starts it: the run command ({@link RunCommand})
 * and the benchmark use these, so what the benchmark measures is what a user runs.
 *
 * <p>Chosen by measurement (ADR 0016, "Memory"): under W4 at 16 clients the server stays within 512
 * MB of resident memory. The serial collector keeps the heap near the live set (about 90 MB under
 * load) where G1 committed about 300 MB of heap plus 50 MB of its own structures for the same work;
 * on two cores a parallel collector has little to run in parallel. The heap may still grow to 512
 * MB when a larger live set needs it.
 *
 * <p>A WildFly started by other means ({@code bin/standalone.sh}, a container image) does not get
 * these: set them in {@code JAVA_OPTS} there (README, "Configuration").
 */
public final class ServerJvm {

  /** The options, in the order they are passed. */
  public static final List<String> DEFAULT_OPTIONS =
      List.of("-Xms64m", "-Xmx512m", "-XX:MaxMetaspaceSize=256m", "-XX:+UseSerialGC");

  private ServerJvm() {}
}
