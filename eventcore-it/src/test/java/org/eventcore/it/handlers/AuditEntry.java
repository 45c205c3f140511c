package org.eventcore.it.handlers;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** An application's own JPA entity, written in the same transaction as a command. */
@Entity
@Table(name = "it_audit_entry")
public class AuditEntry {

  @Id private UUID id;
  private String note;

  protected AuditEntry() {}

  public AuditEntry(String note) {
    this.id = UUID.randomUUID();
    this.note = note;
  }

  public String note() {
    return note;
  }
}
