package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The two EARs the build makes (ADR 0011): {@code eventcore.ear} for WildFly and {@code
 * eventcore-payara.ear} for Payara come from the same modules — every EventCore class in the Payara
 * EAR is in the WildFly EAR with the same bytes — and differ only in packaging: Hibernate in the
 * Payara EAR's {@code lib/} (WildFly provides its own), SmallRye Metrics only in the WildFly EAR
 * (Payara's MicroProfile Metrics is its own), one persistence unit naming Hibernate for both. Reads
 * the EARs the reactor built before this module; no server.
 */
class EarFlavoursTest {

  private static final Path WILDFLY_EAR = Path.of("../eventcore-ear/target/eventcore.ear");
  private static final Path PAYARA_EAR =
      Path.of("../eventcore-ear-payara/target/eventcore-payara.ear");

  @Test
  void everyEventCoreClassOfThePayaraEarIsTheWildFlyEarsWithTheSameBytes() throws IOException {
    Map<String, byte[]> wildfly = eventCoreClasses(WILDFLY_EAR);
    Map<String, byte[]> payara = eventCoreClasses(PAYARA_EAR);

    assertThat(payara).as("EventCore classes in the Payara EAR").hasSizeGreaterThan(100);
    assertThat(wildfly.keySet()).containsAll(payara.keySet());
    assertThat(payara.keySet())
        .allSatisfy(
            name ->
                assertThat(Arrays.equals(payara.get(name), wildfly.get(name)))
                    .as("%s is the same class in both EARs", name)
                    .isTrue());
  }

  @Test
  void hibernateIsBundledForPayaraOnlyAndSmallRyeMetricsForWildFlyOnly() throws IOException {
    Map<String, byte[]> wildfly = entries(WILDFLY_EAR);
    Map<String, byte[]> payara = entries(PAYARA_EAR);

    assertThat(payara.keySet())
        .anyMatch(name -> name.startsWith("lib/org.hibernate.orm-hibernate-core-"));
    assertThat(wildfly.keySet()).noneMatch(name -> name.contains("hibernate-core"));
    assertThat(wildfly.keySet())
        .anyMatch(name -> name.startsWith("lib/io.smallrye-smallrye-metrics-"));
    assertThat(payara.keySet()).noneMatch(name -> name.contains("smallrye-metrics"));
    assertThat(wildfly).containsKey("META-INF/jboss-deployment-structure.xml");
    assertThat(payara).doesNotContainKey("META-INF/jboss-deployment-structure.xml");
  }

  @Test
  void bothEarsCarryTheOnePersistenceUnitThatNamesHibernate() throws IOException {
    for (Path ear : new Path[] {WILDFLY_EAR, PAYARA_EAR}) {
      Map<String, byte[]> persistenceXmls = new TreeMap<>();
      nestedEntries(ear)
          .forEach(
              (name, bytes) -> {
                if (name.endsWith("/META-INF/persistence.xml")) {
                  persistenceXmls.put(name, bytes);
                }
              });
      assertThat(persistenceXmls.keySet())
          .as("persistence units in %s", ear)
          .singleElement()
          .asString()
          .startsWith("lib/org.eventcore-eventcore-core-");
      String persistenceXml =
          new String(persistenceXmls.values().iterator().next(), StandardCharsets.UTF_8);
      assertThat(persistenceXml)
          .as("%s", ear)
          .contains("<provider>org.hibernate.jpa.HibernatePersistenceProvider</provider>")
          .contains("java:global/jdbc/EventCoreDS");
    }
  }

  /** The EAR's own entries, by name. */
  private static Map<String, byte[]> entries(Path ear) throws IOException {
    assertThat(ear).as("built by the reactor before eventcore-it").isRegularFile();
    try (InputStream in = Files.newInputStream(ear)) {
      return read(new ZipInputStream(in), "", false);
    }
  }

  /** Every entry of the EAR and of the archives in it, named {@code outer!/inner}. */
  private static Map<String, byte[]> nestedEntries(Path ear) throws IOException {
    assertThat(ear).as("built by the reactor before eventcore-it").isRegularFile();
    try (InputStream in = Files.newInputStream(ear)) {
      return read(new ZipInputStream(in), "", true);
    }
  }

  /** The {@code org/eventcore/**.class} files anywhere in the EAR, by class path (no archive). */
  private static Map<String, byte[]> eventCoreClasses(Path ear) throws IOException {
    Map<String, byte[]> classes = new TreeMap<>();
    nestedEntries(ear)
        .forEach(
            (name, bytes) -> {
              String path = name.substring(name.lastIndexOf("!/") + 2);
              path = path.startsWith("WEB-INF/classes/") ? path.substring(16) : path;
              if (path.startsWith("org/eventcore/") && path.endsWith(".class")) {
                classes.put(path, bytes);
              }
            });
    return classes;
  }

  private static Map<String, byte[]> read(ZipInputStream zip, String prefix, boolean recurse)
      throws IOException {
    Map<String, byte[]> entries = new TreeMap<>();
    for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
      if (entry.isDirectory()) {
        continue;
      }
      byte[] bytes = zip.readAllBytes();
      String name = prefix + entry.getName();
      entries.put(name, bytes);
      if (recurse && (name.endsWith(".jar") || name.endsWith(".war"))) {
        entries.putAll(
            read(new ZipInputStream(new ByteArrayInputStream(bytes)), name + "!/", true));
      }
    }
    return entries;
  }
}
