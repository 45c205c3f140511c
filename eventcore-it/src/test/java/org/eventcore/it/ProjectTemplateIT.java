package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eventcore.dev.DevDatabase;
import org.junit.jupiter.api.Test;

/**
 * The project template ({@code eventcore-template/}) built exactly as a user builds their copy of
 * it: copied to {@code target/template-project}, then {@code ./mvnw -B verify} in a separate Maven
 * process, against the EventCore artifacts this build just made (put into a local repository of its
 * own, {@code target/template-repo}; everything else comes from this build's local repository,
 * read-only, as {@code maven.repo.local.tail}). Its Arquillian tests deploy its EAR to the
 * provisioned WildFly (with a base directory of its own, ports offset by 500 more than this
 * suite's) on a database this test starts.
 *
 * <p>Runs in a failsafe execution of its own, after the other tests, so their server has stopped.
 */
class ProjectTemplateIT {

  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern TESTS_RUN =
      Pattern.compile("Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)");

  /** The EventCore artifacts an application's build resolves: module directory and packaging. */
  private static final List<String[]> ARTIFACTS =
      List.of(
          new String[] {".", "eventcore-parent", "pom"},
          new String[] {"eventcore-bom", "eventcore-bom", "pom"},
          new String[] {"eventcore-core", "eventcore-core", "jar"},
          new String[] {"eventcore-ejb", "eventcore-ejb", "jar"},
          new String[] {"eventcore-web", "eventcore-web", "jar"},
          new String[] {"eventcore-testing", "eventcore-testing", "jar"});

  private final Path root = Path.of("..").toAbsolutePath().normalize();
  private final Path target = Path.of("target").toAbsolutePath();
  private final String version = System.getProperty("eventcore.version");

  @Test
  void theTemplateBuildsDeploysAndPassesItsTestsAgainstTheArtifactsJustBuilt() throws Exception {
    Path project = target.resolve("template-project");
    Path repository = target.resolve("template-repo");
    deleteRecursively(project);
    deleteRecursively(repository);
    copyRecursively(root.resolve("eventcore-template"), project);
    installArtifacts(repository);
    assertThat(project.resolve("mvnw").toFile().setExecutable(true)).isTrue();

    int offset = Integer.getInteger("it.port.offset", 10000) + 500;
    Path log = target.resolve("template-build.log");
    try (DevDatabase database = DevDatabase.start()) {
      System.out.println("Database for the template's server: " + database.description());
      List<String> command = new ArrayList<>();
      command.add(project.resolve("mvnw").toString());
      command.add("-B");
      command.add("-ntp");
      if ("offline=true".equals(System.getProperty("template.maven"))) {
        command.add("-o");
      }
      command.addAll(
          List.of(
              "verify",
              "-Dmaven.repo.local=" + repository,
              "-Dmaven.repo.local.tail=" + outerRepository(),
              "-Deventcore.version=" + version,
              "-Djboss.home=" + Path.of(System.getProperty("jboss.home")).toAbsolutePath(),
              "-Dwildfly.port.offset=" + offset,
              "-Dwildfly.management.port=" + (9990 + offset),
              "-Deventcore.db.url=" + database.jdbcUrl(),
              "-Deventcore.db.user=" + database.user(),
              "-Deventcore.db.password=" + database.password()));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(project.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      builder.environment().remove("MAVEN_ARGS");
      builder.environment().remove("MAVEN_CONFIG");
      long started = System.nanoTime();
      Process build = builder.start();
      boolean finished = build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (!finished) {
        build.descendants().forEach(ProcessHandle::destroyForcibly);
        build.destroyForcibly().waitFor();
      }
      System.out.printf(
          "The template's build took %d s%n",
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(finished)
          .as("the template's build finished within %s:%n%s", BUILD_TIMEOUT, output)
          .isTrue();
      assertThat(build.exitValue()).as("the template's build failed:%n%s", output).isZero();

      int[] specs = totals(project.resolve("stock-ejb/target/surefire-reports"));
      int[] its = totals(project.resolve("stock-it/target/failsafe-reports"));
      assertThat(specs[0]).as("spec tests run%n%s", output).isPositive();
      assertThat(its[0]).as("Arquillian tests run%n%s", output).isPositive();
      assertThat(specs[1] + specs[2] + its[1] + its[2]).as("failures and errors").isZero();
      assertThat(its[3]).as("Arquillian tests skipped").isZero();

      List<String> deployed = entries(project.resolve("stock-ear/target/stock.ear"));
      assertThat(deployed)
          .as("the user's EAR carries EventCore")
          .anyMatch(e -> e.matches("lib/.*eventcore-core-.*\\.jar"))
          .anyMatch(e -> e.matches(".*eventcore-ejb-.*\\.jar"))
          .anyMatch(e -> e.matches(".*WEB-INF/lib/eventcore-web-.*\\.jar"))
          .anyMatch(e -> e.endsWith("org/eventcore/application/command/CommandExecutor.class"));
      assertThat(deployed)
          .as("and nothing of the reference application: no example class, migration or endpoint")
          .noneMatch(e -> e.contains("eventcore-example"))
          .noneMatch(e -> e.contains("org/eventcore/domain/"))
          .noneMatch(e -> e.contains("org/eventcore/application/banking/"))
          .noneMatch(e -> e.contains("org/eventcore/application/orders/"))
          .noneMatch(e -> e.contains("org/eventcore/interfaces/rest/banking/"))
          .noneMatch(e -> e.contains("org/eventcore/interfaces/rest/orders/"))
          .noneMatch(e -> e.contains("db/examples/"));
    }
  }

  /** Every entry of an archive, and of the archives inside it, as {@code outer!/inner} paths. */
  private static List<String> entries(Path archive) throws IOException {
    List<String> names = new ArrayList<>();
    try (InputStream in = Files.newInputStream(archive)) {
      collectEntries(in, "", names);
    }
    return names;
  }

  private static void collectEntries(InputStream archive, String prefix, List<String> names)
      throws IOException {
    ZipInputStream zip = new ZipInputStream(archive);
    for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
      String name = prefix + entry.getName();
      names.add(name);
      if (name.endsWith(".jar") || name.endsWith(".war")) {
        collectEntries(new ByteArrayInputStream(zip.readAllBytes()), name + "!/", names);
      }
    }
  }

  /** This build's artifacts, in Maven's repository layout, as an application's build wants them. */
  private void installArtifacts(Path repository) throws IOException {
    for (String[] artifact : ARTIFACTS) {
      Path module = root.resolve(artifact[0]);
      String artifactId = artifact[1];
      Path directory = repository.resolve("org/eventcore").resolve(artifactId).resolve(version);
      Files.createDirectories(directory);
      String base = artifactId + "-" + version;
      Files.copy(module.resolve("pom.xml"), directory.resolve(base + ".pom"));
      if (artifact[2].equals("jar")) {
        Path jar = module.resolve("target").resolve(base + ".jar");
        assertThat(jar).as("built by this build before the integration tests").isRegularFile();
        Files.copy(jar, directory.resolve(base + ".jar"));
      }
    }
  }

  /** The local repository of the build running this test (read-only for the template's build). */
  private static Path outerRepository() {
    String configured = System.getProperty("maven.repo.local", "");
    return configured.isBlank()
        ? Path.of(System.getProperty("user.home"), ".m2", "repository")
        : Path.of(configured).toAbsolutePath();
  }

  /** Tests run, failures, errors, skipped, summed over a Surefire/Failsafe report directory. */
  private static int[] totals(Path reports) throws IOException {
    int[] totals = new int[4];
    if (!Files.isDirectory(reports)) {
      return totals;
    }
    try (Stream<Path> files = Files.list(reports)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".txt")).toList()) {
        Matcher matcher = TESTS_RUN.matcher(Files.readString(file));
        while (matcher.find()) {
          for (int i = 0; i < 4; i++) {
            totals[i] += Integer.parseInt(matcher.group(i + 1));
          }
        }
      }
    }
    return totals;
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files
          .filter(file -> !isBuildOutput(from.relativize(file)))
          .forEach(
              file -> {
                Path copy = to.resolve(from.relativize(file).toString());
                try {
                  if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                  } else {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** A {@code target} directory left by building the template in place is not copied. */
  private static boolean isBuildOutput(Path relative) {
    for (Path name : relative) {
      if (name.toString().equals("target")) {
        return true;
      }
    }
    return false;
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    Files.walkFileTree(
        directory,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException error)
              throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
