package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eventcore.dev.DevDatabase;
import org.eventcore.dev.PayaraServer;
import org.junit.jupiter.api.Test;

/**
 * The README's {@code asadmin} steps for deploying {@code eventcore-payara.ear} to a Payara Server
 * domain of one's own ("Deploying to Payara Server"), run as written against a real domain: a fresh
 * copy of the Payara Server the build provisioned (without its prepared {@code domain1}), a new
 * domain made with {@code asadmin create-domain} at a port base of this test's own, and the
 * README's commands, read from README.md so that the two cannot drift apart. Only the values a user
 * puts in are replaced: the database's URL, user and password, the public key's location and the
 * token issuer; the administration port is {@code asadmin}'s {@code AS_ADMIN_PORT}. Then a write
 * with a bearer token, health and metrics over HTTP, and {@code stop-domain} leaves nothing
 * running.
 *
 * <p>Not an Arquillian test: it runs beside the suite's server (in the WildFly execution only).
 */
class PayaraOwnDomainIT {

  private static final String DOMAIN = "eventcore-own";

  /**
   * Port base of the domain (administration {@code +48}, HTTP {@code +80}, the others below {@code
   * +100}): {@code it.port.offset} + 30200, whose last three digits miss those of every other
   * server of this and other builds (their offsets differ by thousands).
   */
  private static final int PORT_BASE = Integer.getInteger("it.port.offset", 10000) + 30200;

  private static final int ADMIN_PORT = PORT_BASE + 48;
  private static final int HTTP_PORT = PORT_BASE + 80;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void theReadmesAsadminStepsDeployTheEarToADomainOfOnesOwn() throws Exception {
    List<String> steps = readmeSteps();
    assertThat(steps.stream().map(step -> step.split(" ")[0] + " " + step.split(" ")[1]))
        .as("the README's steps")
        .containsExactly(
            "asadmin add-library",
            "asadmin create-jdbc-connection-pool",
            "asadmin create-system-properties",
            "asadmin set",
            "asadmin set",
            "asadmin set",
            "asadmin set",
            "asadmin set",
            "asadmin set",
            "asadmin stop-domain",
            "sed -i",
            "printf '%s\\n'",
            "asadmin start-domain",
            "asadmin deploy");

    Path work = Path.of("target", "payara-own-domain").toAbsolutePath();
    deleteTree(work);
    Path payara = work.resolve("payara6");
    copyWithoutDomains(Path.of(System.getProperty("payara.home")), payara);
    Path domainDirectory = payara.resolve("glassfish/domains/" + DOMAIN);

    // the driver under the README's file name, the build's driver of that very version
    Matcher driverName = Pattern.compile("postgresql-[0-9.]+\\.jar").matcher(steps.get(0));
    assertThat(driverName.find()).as(steps.get(0)).isTrue();
    Path driver = work.resolve(driverName.group());
    Files.copy(
        Path.of(System.getProperty("payara.home"), "glassfish/domains/domain1/lib/postgresql.jar"),
        driver);
    try (JarFile jar = new JarFile(driver.toFile())) {
      assertThat(driverName.group())
          .as("the README names the driver version the build uses")
          .isEqualTo(
              "postgresql-"
                  + jar.getManifest().getMainAttributes().getValue("Bundle-Version")
                  + ".jar");
    }
    Path key = Tokens.TOKENS.writePublicKey(work.resolve("jwt-public-key.pem"));

    try (DevDatabase database = DevDatabase.start()) {
      run(
          payara,
          domainDirectory,
          work,
          "asadmin create-domain --portbase " + PORT_BASE + " --nopassword " + DOMAIN);
      run(payara, domainDirectory, work, "asadmin start-domain " + DOMAIN);
      try {
        // the data grid's ports of this domain's own (test set-up, not a user's step)
        run(
            payara,
            domainDirectory,
            work,
            "asadmin set-hazelcast-configuration --startPort "
                + (PORT_BASE + 90)
                + " --dasPort "
                + (PORT_BASE + 91));
        for (String step : steps) {
          String line =
              step.replace(driverName.group(), driver.toString())
                  .replace(
                      "URL=jdbc\\:postgresql\\://db\\:5432/eventcore:user=eventcore:password=secret",
                      "URL="
                          + database.jdbcUrl().replace(":", "\\:")
                          + ":user="
                          + database.user()
                          + ":password="
                          + database.password())
                  .replace(
                      "file\\:///etc/eventcore/jwt-public-key.pem",
                      key.toUri().toString().replace(":", "\\:"))
                  .replace("mp.jwt.verify.issuer=my-issuer", "mp.jwt.verify.issuer=" + issuer());
          assertThat(line)
              .as("a user's value the test did not replace")
              .doesNotContain("db\\:5432")
              .doesNotContain("/etc/eventcore")
              .doesNotContain("my-issuer");
          // run from the checkout's root, where the README's EAR path points
          run(payara, domainDirectory, Path.of("..").toAbsolutePath().normalize(), line);
        }

        String base = "http://localhost:" + HTTP_PORT;
        HttpResponse<String> refused =
            send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/streams/own-notes-1/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[]")));
        assertThat(refused.statusCode()).as("no token, no write").isEqualTo(401);
        HttpResponse<String> created =
            send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/streams/own-notes-1/events"))
                    .header("Authorization", "Bearer " + Tokens.defaultToken())
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "[{\"type\":\"NoteTaken\",\"data\":{\"text\":\"own domain\"}}]")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> read =
            send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/streams/own-notes-1"))
                    .header("Authorization", "Bearer " + Tokens.defaultToken()));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains("\"text\":\"own domain\"");

        HttpResponse<String> ready =
            send(HttpRequest.newBuilder(URI.create(base + "/health/ready")));
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"");
        HttpResponse<String> metrics =
            send(HttpRequest.newBuilder(URI.create(base + "/metrics?scope=application")));
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        assertThat(metrics.body())
            .contains("eventcore_store_events_appended_total{mp_scope=\"application\"} 1.0");
        Path structuredLog = domainDirectory.resolve("logs/eventcore.json.log.0");
        assertThat(structuredLog).as("EventCore's structured log").exists();
        assertThat(Files.readAllLines(structuredLog))
            .as("lines of %s", structuredLog)
            .anySatisfy(line -> assertThat(line).startsWith("{").contains("\"event\":\"access\""))
            .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
      } finally {
        Optional<ProcessHandle> server = PayaraServer.runningServer(domainDirectory);
        run(payara, domainDirectory, work, "asadmin stop-domain " + DOMAIN);
        if (server.isPresent()) {
          server.get().onExit().get(2, TimeUnit.MINUTES);
        }
      }
    }
    assertThat(PayaraServer.runningServer(domainDirectory)).as("the domain stopped").isEmpty();
    assertThat(portIsFree(HTTP_PORT)).as("the HTTP port is free").isTrue();
    assertThat(portIsFree(ADMIN_PORT)).as("the administration port is free").isTrue();
    deleteTree(work);
  }

  /** The issuer of the suite's tokens, which the test's domain must accept. */
  private static String issuer() {
    return Tokens.TOKENS.issuer();
  }

  /**
   * The command lines of the README's block for a domain of one's own, continuation lines joined.
   */
  static List<String> readmeSteps() throws IOException {
    String readme = Files.readString(Path.of(System.getProperty("readme", "../README.md")));
    int section = readme.indexOf("To deploy the EAR to a Payara Server 6 domain of your own");
    assertThat(section).as("the README's section for a domain of one's own").isPositive();
    int start = readme.indexOf("```bash\n", section) + "```bash\n".length();
    String block = readme.substring(start, readme.indexOf("```", start));
    List<String> steps = new ArrayList<>();
    for (String line : block.replace("\\\n", " ").split("\n")) {
      if (!line.isBlank() && !line.trim().startsWith("#")) {
        steps.add(line.trim());
      }
    }
    return steps;
  }

  /**
   * Runs one command line with bash in {@code directory}, as a user's shell would, with the copy's
   * {@code asadmin} first on the path, {@code AS_ADMIN_PORT} this test's domain and {@code
   * DOMAIN_DIR} its directory; expects it to succeed.
   */
  private static void run(Path payara, Path domainDirectory, Path directory, String line)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", line)
            .directory(directory.toFile())
            .redirectErrorStream(true);
    String javaHome = System.getProperty("java.home");
    Map<String, String> environment = builder.environment();
    environment.put("PATH", payara.resolve("bin") + ":" + environment.get("PATH"));
    environment.put("AS_JAVA", javaHome);
    environment.put("JAVA_HOME", javaHome);
    environment.put("AS_ADMIN_PORT", Integer.toString(ADMIN_PORT));
    environment.put("DOMAIN_DIR", domainDirectory.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
    System.out.println("PAYARA-OWN " + line + "\n" + output);
    assertThat(process.exitValue()).as("%s:%n%s", line, output).isZero();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(
        request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Copies the provisioned server, leaving out its domains: the user's domain is a new one. */
  private static void copyWithoutDomains(Path from, Path to) throws IOException {
    Path domains = from.resolve("glassfish/domains");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.startsWith(domains) && !file.equals(domains)) {
          continue;
        }
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }

  private static boolean portIsFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
