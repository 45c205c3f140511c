package org.eventcore.infrastructure.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
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
