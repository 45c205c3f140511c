package org.eventcore.infrastructure.json;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eventcore.api.command.EventCodec;
import org.eventcore.application.command.EventCodecs;

/**
 * Event codecs with JSON-B: the type name of an event is its class's simple name, the payload its
 * JSON-B form. An event type is a record or a sealed interface whose permitted records (also in
 * nested sealed interfaces) are the events; type names must be unique within it.
 */
@ApplicationScoped
public class JsonbEventCodecs implements EventCodecs {

  private final Jsonb jsonb = JsonbBuilder.create();
  private final Map<Class<?>, EventCodec<?>> codecs = new ConcurrentHashMap<>();

  @Override
  @SuppressWarnings("unchecked")
  public <E> EventCodec<E> codecFor(Class<E> eventType) {
    return (EventCodec<E>) codecs.computeIfAbsent(eventType, type -> new Codec<>(jsonb, eventType));
  }

  private static final class Codec<E> implements EventCodec<E> {
    private final Jsonb jsonb;
    private final Class<E> baseType;
    private final Map<String, Class<? extends E>> typesByName = new LinkedHashMap<>();
    private final Set<String> typeNames;

    Codec(Jsonb jsonb, Class<E> baseType) {
      this.jsonb = jsonb;
      this.baseType = baseType;
      collect(baseType);
      if (typesByName.isEmpty()) {
        throw new IllegalArgumentException(
            baseType.getName()
                + " is neither a concrete event class nor a sealed interface of them");
      }
      typeNames = Set.copyOf(typesByName.keySet());
    }

    @SuppressWarnings("unchecked")
    private void collect(Class<?> type) {
      if (type.isSealed()) {
        for (Class<?> permitted : type.getPermittedSubclasses()) {
          collect(permitted);
        }
      } else if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
        Class<? extends E> previous =
            typesByName.put(type.getSimpleName(), (Class<? extends E>) type);
        if (previous != null && previous != type) {
          throw new IllegalArgumentException(
              "Two event classes named " + type.getSimpleName() + " in " + baseType.getName());
        }
      }
    }

    @Override
    public Set<String> typeNames() {
      return typeNames;
    }

    @Override
    public String typeName(E event) {
      return event.getClass().getSimpleName();
    }

    @Override
    public String encode(E event) {
      return jsonb.toJson(event);
    }

    @Override
    public E decode(String typeName, int schemaVersion, String payload) {
      Class<? extends E> type = typesByName.get(typeName);
      if (type == null) {
        throw new IllegalArgumentException(
            "Unknown event type " + typeName + " for " + baseType.getSimpleName());
      }
      try {
        return jsonb.fromJson(payload, type);
      } catch (JsonbException e) {
        throw new IllegalArgumentException(
            "Cannot read a " + typeName + " (schema " + schemaVersion + "): " + e.getMessage(), e);
      }
    }
  }
}
