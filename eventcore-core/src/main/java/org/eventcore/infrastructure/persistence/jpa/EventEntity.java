package org.eventcore.infrastructure.persistence.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Row of {@code eventcore.events}, mapped read-only: events are inserted in one batch statement by
 * {@link JpaEventStore} and are never updated (the database rejects it).
 */
@Entity
@Immutable
@Table(schema = "eventcore", name = "events")
public class EventEntity {

  @Id
  @Column(name = "global_position")
  private long globalPosition;

  @Column(name = "event_id")
  private UUID eventId;

  @Column(name = "stream_id")
  private String streamId;

  @Column(name = "stream_version")
  private long streamVersion;

  @Column(name = "event_type")
  private String eventType;

  @Column(name = "schema_version")
  private int schemaVersion;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "payload")
  private String payload;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "metadata")
  private String metadata;

  @Column(name = "recorded_at")
  private Instant recordedAt;

  protected EventEntity() {}

  long globalPosition() {
    return globalPosition;
  }

  UUID eventId() {
    return eventId;
  }

  String streamId() {
    return streamId;
  }

  long streamVersion() {
    return streamVersion;
  }

  String eventType() {
    return eventType;
  }

  int schemaVersion() {
    return schemaVersion;
  }

  String payload() {
    return payload;
  }

  String metadata() {
    return metadata;
  }

  Instant recordedAt() {
    return recordedAt;
  }
}
