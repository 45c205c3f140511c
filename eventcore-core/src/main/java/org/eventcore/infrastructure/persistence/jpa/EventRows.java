package org.eventcore.infrastructure.persistence.jpa;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eventcore.api.EventId;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;

/**
 * The one mapping of a row of {@code eventcore.events} read over JDBC to a {@link StoredEvent}: the
 * query selects {@code event_id}, {@code stream_id}, {@code stream_version}, {@code
 * global_position}, {@code event_type}, {@code schema_version}, {@code payload::text as
 * payload_text}, {@code metadata::text as metadata_text} and {@code recorded_at}.
 */
final class EventRows {

  private EventRows() {}

  /** The event of the row {@code rows} stands on. */
  static StoredEvent current(ResultSet rows) throws SQLException {
    return new StoredEvent(
        EventId.of(rows.getObject("event_id", UUID.class)),
        StreamId.of(rows.getString("stream_id")),
        StreamVersion.of(rows.getLong("stream_version")),
        rows.getLong("global_position"),
        rows.getString("event_type"),
        rows.getInt("schema_version"),
        rows.getString("payload_text"),
        MetadataJson.read(rows.getString("metadata_text")),
        rows.getObject("recorded_at", OffsetDateTime.class).toInstant());
  }
}
