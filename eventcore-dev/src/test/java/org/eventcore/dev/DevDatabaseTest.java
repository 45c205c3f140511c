package org.eventcore.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolution order of {@link DevDatabase}, each branch against a real PostgreSQL or a real
 * failure.
 */
class DevDatabaseTest {

  private static DevDatabase.Settings settings(String mode, Optional<String> url) {
    return new DevDatabase.Settings(mode, url, "postgres", "postgres", Optional.empty(), 0);
  }

  @Test
  void withoutAUrlStartsAnEmbeddedPostgreSql16OrNewer() throws Exception {
    try (DevDatabase database = DevDatabase.start(settings("auto", Optional.empty()))) {
      assertThat(database.source()).isEqualTo(DevDatabase.Source.EMBEDDED);
      assertThat(database.description())
          .startsWith("embedded PostgreSQL ")
          .contains("throw-away data");
      try (Connection connection = database.connect();
          Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("show server_version_num")) {
        result.next();
        assertThat(result.getInt(1)).isGreaterThanOrEqualTo(160000);
      }
    }
  }

  @Test
  void anExplicitUrlWinsOverEveryModeAndIsLeftRunning() throws Exception {
    try (DevDatabase embedded = DevDatabase.start(settings("embedded", Optional.empty()))) {
      DevDatabase external =
          DevDatabase.start(settings("testcontainers", Optional.of(embedded.jdbcUrl())));
      assertThat(external.source()).isEqualTo(DevDatabase.Source.URL);
      assertThat(external.description()).contains(embedded.jdbcUrl()).contains("EVENTCORE_DB_URL");
      external.close();
      // closing a database given by URL does not stop it
      try (Connection connection = embedded.connect()) {
        assertThat(connection.isValid(2)).isTrue();
      }
    }
  }

  @Test
  void anUnreachableUrlIsAOneLineError() {
    assertThatThrownBy(
            () ->
                DevDatabase.start(
                    settings("auto", Optional.of("jdbc:postgresql://127.0.0.1:1/nothing"))))
        .isInstanceOf(DevDatabaseException.class)
        .hasMessageStartingWith("Cannot connect to jdbc:postgresql://127.0.0.1:1/nothing")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void testcontainersWithoutDockerIsAClearError() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        Files.exists(Path.of("/var/run/docker.sock")),
        "a Docker engine is available here, so Testcontainers would start");
    assertThatThrownBy(() -> DevDatabase.start(settings("testcontainers", Optional.empty())))
        .isInstanceOf(DevDatabaseException.class)
        .hasMessageContaining("no Docker engine is available");
  }

  @Test
  void anUnknownModeIsRejected() {
    assertThatThrownBy(() -> DevDatabase.start(settings("h2", Optional.empty())))
        .isInstanceOf(DevDatabaseException.class)
        .hasMessageContaining("Unknown -Deventcore.db=h2");
  }

  @Test
  void aPersistentEmbeddedDatabaseKeepsItsDataBetweenStarts(@TempDir Path directory)
      throws Exception {
    DevDatabase.Settings persistent =
        settings("auto", Optional.empty()).withPersistentEmbedded(directory.resolve("pg"), 0);
    try (DevDatabase first = DevDatabase.start(persistent);
        Connection connection = first.connect();
        Statement statement = connection.createStatement()) {
      assertThat(first.description())
          .contains("data kept between runs in " + directory.resolve("pg"));
      statement.execute("create table kept (value text)");
      statement.execute("insert into kept values ('still here')");
    }
    try (DevDatabase second = DevDatabase.start(persistent);
        Connection connection = second.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select value from kept")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).isEqualTo("still here");
    }
  }

  @Test
  void aFixedPortInUseIsAOneLineError() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      DevDatabase.Settings clash =
          settings("auto", Optional.empty())
              .withPersistentEmbedded(Files.createTempDirectory("pg"), taken.getLocalPort());
      assertThatThrownBy(() -> DevDatabase.start(clash))
          .isInstanceOf(DevDatabaseException.class)
          .hasMessage(
              "Port "
                  + taken.getLocalPort()
                  + " for the embedded PostgreSQL is already in use; stop what uses it or set"
                  + " EVENTCORE_DEV_DB_PORT to a free port");
    }
  }
}
