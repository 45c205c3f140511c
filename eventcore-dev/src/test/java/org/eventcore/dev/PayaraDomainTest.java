package org.eventcore.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayaraDomainTest {

  @TempDir Path work;

  private PayaraDomain domain() throws Exception {
    Path source = Path.of(getClass().getResource("/payara-domain/config/domain.xml").toURI());
    return PayaraDomain.copy(source.getParent().getParent(), work.resolve("domains/eventcore"));
  }

  private String domainXml(PayaraDomain domain) throws Exception {
    return Files.readString(domain.directory().resolve("config/domain.xml"));
  }

  /**
   * The text of {@code domain.xml}, configured with default settings, from {@code start} to the
   * next {@code end}.
   */
  private String configuredSection(String start, String end) throws Exception {
    PayaraDomain domain = domain();
    domain.configure(
        PayaraDomain.Settings.withOffset(0, "jdbc:postgresql://localhost/x", "u", "p", 32));
    String xml = domainXml(domain);
    String section = xml.substring(xml.indexOf(start));
    return section.substring(0, section.indexOf(end));
  }

  @Test
  void writesThePoolTheResourceAndTheServersReferenceFromTheDatabaseSettings() throws Exception {
    PayaraDomain domain = domain();

    domain.configure(
        PayaraDomain.Settings.fromEnvironment(
            Map.of(
                "EVENTCORE_DB_URL", "jdbc:postgresql://db:5432/events",
                "EVENTCORE_DB_USER", "app",
                "EVENTCORE_DB_PASSWORD", "secret",
                "EVENTCORE_DB_POOL_MAX", "12",
                "EVENTCORE_DB_POOL_WAIT_MS", "700",
                "EVENTCORE_DB_CONNECT_TIMEOUT_SECONDS", "3",
                "EVENTCORE_DB_SOCKET_TIMEOUT_SECONDS", "4")));

    String xml = domainXml(domain);
    String pool =
        xml.substring(
            xml.indexOf("<jdbc-connection-pool", xml.indexOf("name=\"H2Pool\"") + 1),
            xml.lastIndexOf("</jdbc-connection-pool>"));
    assertThat(pool)
        .contains("name=\"EventCorePool\"")
        .contains("max-pool-size=\"12\"")
        .contains("max-wait-time-in-millis=\"700\"")
        .contains("fail-all-connections=\"true\"")
        .contains("<property name=\"URL\" value=\"jdbc:postgresql://db:5432/events\"/>")
        .contains("<property name=\"user\" value=\"app\"/>")
        .contains("<property name=\"password\" value=\"secret\"/>")
        .contains("<property name=\"connectTimeout\" value=\"3\"/>")
        .contains("<property name=\"loginTimeout\" value=\"3\"/>")
        .contains("<property name=\"socketTimeout\" value=\"4\"/>");
    assertThat(xml)
        .contains(
            "<jdbc-resource jndi-name=\"java:global/jdbc/EventCoreDS\""
                + " pool-name=\"EventCorePool\"/>")
        .contains("<resource-ref ref=\"java:global/jdbc/EventCoreDS\"/>");
  }

  @Test
  void writesTheGivenSystemPropertiesIntoTheServersConfig() throws Exception {
    PayaraDomain domain = domain();

    domain.configure(
        PayaraDomain.Settings.withOffset(0, "jdbc:postgresql://localhost/x", "u", "p", 32)
            .withSystemProperties(Map.of("mp.jwt.verify.issuer", "eventcore-it")));

    assertThat(domainXml(domain))
        .contains("<system-property name=\"mp.jwt.verify.issuer\" value=\"eventcore-it\"/>")
        .contains("activate-default-principal-to-role-mapping=\"true\"");
  }

  @Test
  void raisesGrizzlysRequestHeadAndHttp2LimitsOnTheHttpListenerAndLetsAGetWithABodyThrough()
      throws Exception {
    String http = configuredSection("<protocol name=\"http-listener-1\">", "</protocol>");
    assertThat(http)
        .contains("http2-max-concurrent-streams=\"1000\"")
        .contains("http2-max-header-list-size-in-bytes=\"65536\"")
        .contains("header-buffer-length-bytes=\"65536\"")
        .contains("allow-payload-for-undefined-http-methods=\"true\"")
        .contains("max-connections=\"250\"");
  }

  @Test
  void givesTheHttpPortSixteenRequestThreadsPerCoreAsWildFlyDoes() throws Exception {
    String serverConfig = configuredSection("<config name=\"server-config\"", "</config>");
    Matcher pool =
        Pattern.compile("<thread-pool [^>]*name=\"http-thread-pool\"[^>]*>").matcher(serverConfig);
    assertThat(pool.find()).as("the http-thread-pool of server-config").isTrue();
    assertThat(pool.group())
        .contains(
            "max-thread-pool-size=\"" + 16 * Runtime.getRuntime().availableProcessors() + "\"");
  }

  @Test
  void sendsEventCoresStructuredLogToAFileOfItsOwnOneMessagePerLineAndKeepsTheRest()
      throws Exception {
    PayaraDomain domain = domain();
    PayaraDomain.Settings settings =
        PayaraDomain.Settings.withOffset(0, "jdbc:postgresql://localhost/x", "u", "p", 32);

    domain.configure(settings);
    String once = Files.readString(domain.directory().resolve("config/logging.properties"));
    domain.configure(settings);
    String twice = Files.readString(domain.directory().resolve("config/logging.properties"));

    Path logs = domain.directory().toAbsolutePath().resolve("logs");
    assertThat(domain.structuredLog()).isEqualTo(logs.resolve("eventcore.json.log.0"));
    assertThat(logs).isDirectory();
    assertThat(twice).isEqualTo(once);
    assertThat(once.lines())
        .contains(
            "org.eventcore.log.handlers=java.util.logging.FileHandler",
            "org.eventcore.log.useParentHandlers=false",
            "java.util.logging.FileHandler.pattern=" + logs.resolve("eventcore.json.log.%g"),
            "java.util.logging.FileHandler.append=true",
            "java.util.logging.FileHandler.count=10",
            "java.util.logging.FileHandler.formatter=java.util.logging.SimpleFormatter",
            "java.util.logging.SimpleFormatter.format=%5$s%n",
            "handlers=java.util.logging.ConsoleHandler",
            "com.sun.enterprise.server.logging.GFFileHandler.file="
                + "${com.sun.aas.instanceRoot}/logs/server.log")
        .doesNotContain("java.util.logging.FileHandler.pattern=%h/java%u.log")
        .filteredOn(line -> line.startsWith("java.util.logging.FileHandler.count="))
        .hasSize(1);
  }

  @Test
  void movesEveryPortByTheOffsetAndSetsHttpAndAdminAsAsked() throws Exception {
    PayaraDomain domain = domain();

    domain.configure(
        PayaraDomain.Settings.withOffset(500, "jdbc:postgresql://localhost/x", "u", "p", 32)
            .withPorts(9080, 9048, 500));

    assertThat(domainXml(domain))
        .contains("port=\"9080\"")
        .contains("port=\"9048\"")
        .contains("port=\"8681\"") // https 8181
        .contains("port=\"4200\"") // IIOP 3700
        .contains("port=\"4320\"")
        .contains("port=\"4420\"")
        .contains("port=\"9186\"") // JMX 8686
        .contains("value=\"8176\"") // JMS 7676
        .contains("address=9509") // debugger 9009
        .contains("-Dosgi.shell.telnet.port=7166")
        .contains("start-port=\"6400\"")
        .contains("das-port=\"5400\"")
        .doesNotContain("port=\"8080\"")
        .doesNotContain("port=\"4848\"")
        .doesNotContain("port=\"3700\"");
  }

  @Test
  void configuringTwiceGivesTheSameDomainXml() throws Exception {
    PayaraDomain domain = domain();
    PayaraDomain.Settings settings =
        PayaraDomain.Settings.withOffset(100, "jdbc:postgresql://localhost/x", "u", "p", 8);

    domain.configure(settings);
    String once = domainXml(domain);
    domain.configure(settings);

    assertThat(domainXml(domain)).isEqualTo(once);
    assertThat(once.split(" name=\"EventCorePool\"", -1)).hasSize(2);
    assertThat(once.split("ref=\"java:global/jdbc/EventCoreDS\"", -1)).hasSize(2);
  }

  @Test
  void settingsFromTheEnvironmentFallBackToWildFlysDefaults() {
    assertThat(PayaraDomain.Settings.fromEnvironment(Map.of()))
        .isEqualTo(
            new PayaraDomain.Settings(
                8080,
                4848,
                0,
                "jdbc:postgresql://localhost:55432/eventcore",
                "postgres",
                "postgres",
                32,
                1000,
                2,
                2,
                Map.of()));
    assertThat(
            PayaraDomain.Settings.fromEnvironment(
                Map.of(
                    "EVENTCORE_DB_URL", "jdbc:postgresql://h/db",
                    "EVENTCORE_DB_USER", "me",
                    "EVENTCORE_DB_PASSWORD", "pw",
                    "EVENTCORE_DB_POOL_MAX", "5")))
        .extracting(
            PayaraDomain.Settings::url,
            PayaraDomain.Settings::user,
            PayaraDomain.Settings::password,
            PayaraDomain.Settings::poolMax)
        .containsExactly("jdbc:postgresql://h/db", "me", "pw", 5);
  }

  @Test
  void aPoolSettingThatIsNoNumberIsRefusedWithItsName() {
    assertThatThrownBy(
            () -> PayaraDomain.Settings.fromEnvironment(Map.of("EVENTCORE_DB_POOL_MAX", "many")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EVENTCORE_DB_POOL_MAX=many is not a number of 0 or more");
  }

  @Test
  void aDirectoryWithoutDomainXmlIsNoDomain() {
    assertThatThrownBy(() -> PayaraDomain.at(work))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No Payara domain in");
  }
}
