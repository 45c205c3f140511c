package org.eventcore.infrastructure.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.sql.SQLException;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.TransientEventStoreException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** How {@link JpaEventStore#translate} names a failure at the storage boundary. */
class JpaEventStoreTranslationTest {

  /**
   * Payara's connection proxy reports a closed connection as an {@code
   * UndeclaredThrowableException} around the driver's exception
   * (JpaEventStoreBehindAConnectionProxyIT shows the store passing it here).
   */
  @Test
  void aClosedConnectionReportedThroughTheServersConnectionProxyIsATransientFailure() {
    PSQLException closed =
        new PSQLException("This connection has been closed.", PSQLState.CONNECTION_DOES_NOT_EXIST);
    UndeclaredThrowableException proxied =
        new UndeclaredThrowableException(new InvocationTargetException(closed));

    assertThat(JpaEventStore.translate(proxied))
        .isInstanceOf(TransientEventStoreException.class)
        .hasMessageContaining("08003")
        .hasCause(proxied);
  }

  /**
   * Found on Payara (DatabaseFaultsIT, the network to the database cut under load): Hibernate's
   * exception held Payara's {@code SQLException} without a state around the proxy's wrapping of the
   * driver's exception; the first {@code SQLException} of the chain named no state, and the append
   * was answered 500 (ES004) instead of 503.
   */
  @Test
  void theDriversStateBelowAServerWrapperWithoutStateNamesTheFailure() {
    PSQLException closed =
        new PSQLException("This connection has been closed.", PSQLState.CONNECTION_DOES_NOT_EXIST);
    PersistenceException wrapped =
        new PersistenceException(
            "error executing work",
            new SQLException(
                new UndeclaredThrowableException(new InvocationTargetException(closed))));

    assertThat(JpaEventStore.translate(wrapped))
        .isInstanceOf(TransientEventStoreException.class)
        .hasMessageContaining("08003");
  }

  @Test
  void aUniqueViolationOfAStreamVersionIsAConflict() {
    PersistenceException violation =
        new PersistenceException(
            new PSQLException(
                "duplicate key value violates unique constraint \"events_stream_version_key\"",
                PSQLState.UNIQUE_VIOLATION));

    assertThat(JpaEventStore.translate(violation))
        .isInstanceOf(StreamVersionConflictException.class);
  }

  @Test
  void aFailureThatIsNoDatabaseFailureIsLeftAsItIs() {
    NullPointerException bug = new NullPointerException("a bug");
    UndeclaredThrowableException unrelated = new UndeclaredThrowableException(new IOException("x"));

    assertThat(JpaEventStore.translate(bug)).isSameAs(bug);
    assertThat(JpaEventStore.translate(unrelated)).isSameAs(unrelated);
  }
}
