package org.eventcore.dev;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options WildFly runs with when EventCore starts it: the run command ({@link RunCommand})
 * and the benchmark use these, so what the benchmark measures is what a user runs.
 *
 * <p>Chosen by measurement (ADR 0016, decision 5): under W4 at 16 clients, after the W1 and W2
 * series have run on the same process, the server stays within 512 MB of resident memory.
 *
 * <ul>
 *   <li>The serial collector keeps the heap near the live set (about 95 MB under load) where G1
 *       committed about 300 MB of heap plus 50 MB of its own structures for the same work; on two
 *       cores a parallel collector has little to run in parallel.
 *   <li>{@code -Xmx384m} with free ratios of 10–30 % lets the heap give back what a burst made it
 *       take (by default the serial collector keeps up to 70 % of the heap free) and caps it at
 *       four times the live set.
 *   <li>{@code -XX:TrimNativeHeapInterval=5000} returns memory that the JIT compilers' arenas and
 *       other native allocations freed to the operating system every five seconds (glibc keeps it
 *       otherwise). The option exists from JDK 17.0.9 on; it is passed only when the JVM that
 *       starts the server knows it (the server runs on the same {@code java.home}).
 * </ul>
 *
 * <p>A WildFly started by other means ({@code bin/standalone.sh}, a container image) does not get
 * these: set them in {@code JAVA_OPTS} there (README, "Operations").
 */
public final class ServerJvm {

  /** Heap, metaspace and collector options, passed on every JVM. */
  static final List<String> MEMORY_OPTIONS =
      List.of(
          "-Xms64m",
          "-Xmx384m",
          "-XX:MaxMetaspaceSize=256m",
          "-XX:+UseSerialGC",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=30");

  /** Returns freed native memory to the operating system every five seconds. */
  static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";

  /**
   * The options, in the order they are passed: {@link #MEMORY_OPTIONS}, then {@link
   * #TRIM_NATIVE_HEAP} when this JVM supports it.
   */
  public static final List<String> DEFAULT_OPTIONS = options(jvmKnows("TrimNativeHeapInterval"));

  private ServerJvm() {}

  static List<String> options(boolean trimNativeHeap) {
    List<String> options = new ArrayList<>(MEMORY_OPTIONS);
    if (trimNativeHeap) {
      options.add(TRIM_NATIVE_HEAP);
    }
    return List.copyOf(options);
  }

  /** Whether the running HotSpot JVM has a VM option of that name. */
  static boolean jvmKnows(String option) {
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(option);
      return true;
    } catch (IllegalArgumentException | NullPointerException unknownOrNotHotSpot) {
      return false;
    }
  }
}
