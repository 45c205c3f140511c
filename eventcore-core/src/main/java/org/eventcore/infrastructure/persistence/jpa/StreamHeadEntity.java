package org.eventcore.infrastructure.persistence.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of {@code eventcore.streams}: a stream's current version; the lock of every append. */
@Entity
@Table(schema = "eventcore", name = "streams")
public class StreamHeadEntity {

  @Id
  @Column(name = "stream_id", nullable = false, updatable = false)
  private String streamId;

  @Column(name = "version", nullable = false)
  private long version;

  protected StreamHeadEntity() {}

  public String streamId() {
    return streamId;
  }

  public long version() {
    return version;
  }
}
