package org.eventcore.infrastructure.persistence.jpa;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eventcore.api.AppendResult.AppendedEvent;
import org.eventcore.api.EventId;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.command.IdempotencyKeyReusedException;
import org.eventcore.application.command.CommandResult;
import org.eventcore.application.command.IdempotencyStore;

/**
 * {@link IdempotencyStore} in {@code eventcore.command_results}. The claim is an {@code insert … on
 * conflict do nothing}: a concurrent claim of the same key waits on the primary key until the first
 * transaction ends, then sees its committed result (or takes the key if it rolled back).
 */
@ApplicationScoped
public class JpaIdempotencyStore implements IdempotencyStore {

  @PersistenceContext(unitName = "eventcore")
  private EntityManager entityManager;

  protected JpaIdempotencyStore() {}

  public JpaIdempotencyStore(EntityManager entityManager) {
    this.entityManager = Objects.requireNonNull(entityManager, "entityManager");
  }

  @Override
  public Optional<CommandResult> claim(String key, String commandType, String fingerprint) {
    try {
      int inserted =
          entityManager
              .createNativeQuery(
                  "insert into eventcore.command_results"
                      + " (idempotency_key, command_type, request_fingerprint)"
                      + " values (?1, ?2, ?3) on conflict do nothing")
              .setParameter(1, key)
              .setParameter(2, commandType)
              .setParameter(3, fingerprint)
              .executeUpdate();
      if (inserted == 1) {
        return Optional.empty();
      }
      Object[] row =
          (Object[])
              entityManager
                  .createNativeQuery(
                      "select command_type, result::text, request_fingerprint"
                          + " from eventcore.command_results where idempotency_key = ?1")
                  .setParameter(1, key)
                  .getSingleResult();
      if (!commandType.equals(row[0])) {
        throw new IdempotencyKeyReusedException(
            key, "Idempotency key " + key + " was already used for a " + row[0] + " command");
      }
      // a key stored before fingerprints were kept (null) cannot be compared: it replays
      if (row[2] != null && !fingerprint.equals(row[2])) {
        throw new IdempotencyKeyReusedException(
            key,
            "Idempotency key "
                + key
                + " was already used for a "
                + row[0]
                + " command with different content; use a new key for a new request");
      }
      return Optional.of(read((String) row[1]).asReplay());
    } catch (RuntimeException e) {
      throw JpaEventStore.translate(e);
    }
  }

  @Override
  public void complete(String key, CommandResult result) {
    try {
      entityManager
          .createNativeQuery(
              "update eventcore.command_results set result = cast(?1 as jsonb)"
                  + " where idempotency_key = ?2")
          .setParameter(1, write(result))
          .setParameter(2, key)
          .executeUpdate();
    } catch (RuntimeException e) {
      throw JpaEventStore.translate(e);
    }
  }

  static String write(CommandResult result) {
    JsonArrayBuilder events = JSON.createArrayBuilder();
    for (AppendedEvent event : result.events()) {
      events.add(
          JSON.createObjectBuilder()
              .add("id", event.id().toString())
              .add("stream", event.streamId().value())
              .add("version", event.version().value())
              .add("position", event.globalPosition()));
    }
    JsonObjectBuilder versions = JSON.createObjectBuilder();
    result.streamVersions().forEach((id, version) -> versions.add(id.value(), version.value()));
    return JSON.createObjectBuilder()
        .add("commandType", result.commandType())
        .add("attempts", result.attempts())
        .add("events", events)
        .add("streamVersions", versions)
        .add("cursor", result.cursor().encode())
        .build()
        .toString();
  }

  static CommandResult read(String text) {
    JsonObject json;
    try (JsonReader reader = JSON.createReader(new StringReader(text))) {
      json = reader.readObject();
    }
    List<AppendedEvent> events = new ArrayList<>();
    for (JsonValue value : json.getJsonArray("events")) {
      JsonObject event = value.asJsonObject();
      events.add(
          new AppendedEvent(
              EventId.parse(event.getString("id")),
              StreamId.of(event.getString("stream")),
              StreamVersion.of(event.getJsonNumber("version").longValue()),
              event.getJsonNumber("position").longValue()));
    }
    Map<StreamId, StreamVersion> versions = new LinkedHashMap<>();
    json.getJsonObject("streamVersions")
        .forEach(
            (id, version) ->
                versions.put(
                    StreamId.of(id),
                    StreamVersion.of(((jakarta.json.JsonNumber) version).longValue())));
    return new CommandResult(
        json.getString("commandType"),
        events,
        versions,
        json.getInt("attempts"),
        false,
        json.containsKey("cursor") ? FeedCursor.parse(json.getString("cursor")) : FeedCursor.START);
  }
}
