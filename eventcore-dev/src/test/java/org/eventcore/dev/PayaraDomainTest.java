package org.eventcore.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

  @Test
  void writesTheDatabaseSettingsAsTheSystemPropertiesTheEarReads() throws Exception {
    PayaraDomain domain = domain();

    domain.configure(
        PayaraDomain.Settings.withOffset(
            0, "jdbc:postgresql://db:5432/events", "app", "secret", 12));

    assertThat(domainXml(domain))
        .contains(
            "<system-property name=\"eventcore.db.url\" value=\"jdbc:postgresql://db:5432/events\"/>")
        .contains("<system-property name=\"eventcore.db.user\" value=\"app\"/>")
        .contains("<system-property name=\"eventcore.db.password\" value=\"secret\"/>");
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
    assertThat(once.split("name=\"eventcore.db.url\"", -1)).hasSize(2);
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
                32));
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
  void aDirectoryWithoutDomainXmlIsNoDomain() {
    assertThatThrownBy(() -> PayaraDomain.at(work))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No Payara domain in");
  }
}
