package org.eventcore.infrastructure.json;

import jakarta.enterprise.context.Dependent;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eventcore.application.command.state.StateCodec;

/**
 * States as JSON with JSON-B (records work through their canonical constructor).
 *
 * <p>The schema of a state class is the SHA-256 of a description of its shape, followed through
 * every class it is made of: record components (name and generic type), fields of other classes,
 * enum constants, the permitted subclasses of sealed types. Classes of the JDK ({@code java.*}) are
 * described by name only. Renaming, adding, removing or retyping a component anywhere in the state
 * changes the schema, and old snapshots are then ignored.
 *
 * <p>The application's {@link StateCodec} bean (dependent: it holds no state of its own).
 */
@Dependent
public final class JsonbStateCodec implements StateCodec {

  private final Jsonb jsonb = JsonbBuilder.create();

  /** One entry per state class: bounded by the application's classes. */
  private final Map<Class<?>, String> schemas = new ConcurrentHashMap<>();

  @Override
  public String schemaOf(Class<?> type) {
    return schemas.computeIfAbsent(type, t -> sha256(describe(t)));
  }

  @Override
  public String encode(Object state) {
    return jsonb.toJson(state, state.getClass());
  }

  @Override
  public Object decode(String text, Class<?> type) {
    return jsonb.fromJson(text, type);
  }

  /** The text the schema is the digest of (for tests and diagnostics). */
  public static String describe(Class<?> type) {
    StringBuilder out = new StringBuilder();
    describe(type, out, new HashSet<>());
    return out.toString();
  }

  private static void describe(Type type, StringBuilder out, Set<Class<?>> seen) {
    if (type instanceof Class<?> c) {
      describeClass(c, out, seen);
    } else if (type instanceof ParameterizedType p) {
      describe(p.getRawType(), out, seen);
      out.append('<');
      for (Type argument : p.getActualTypeArguments()) {
        describe(argument, out, seen);
        out.append(',');
      }
      out.append('>');
    } else if (type instanceof GenericArrayType a) {
      describe(a.getGenericComponentType(), out, seen);
      out.append("[]");
    } else {
      out.append(type.getTypeName());
    }
  }

  private static void describeClass(Class<?> c, StringBuilder out, Set<Class<?>> seen) {
    if (c.isArray()) {
      describe(c.getComponentType(), out, seen);
      out.append("[]");
      return;
    }
    out.append(c.getName());
    if (c.isPrimitive() || c.getName().startsWith("java.") || !seen.add(c)) {
      return;
    }
    if (c.isEnum()) {
      out.append('{');
      for (Object constant : c.getEnumConstants()) {
        out.append(((Enum<?>) constant).name()).append(',');
      }
      out.append('}');
    } else if (c.isRecord()) {
      out.append('(');
      for (RecordComponent component : c.getRecordComponents()) {
        out.append(component.getName()).append(':');
        describe(component.getGenericType(), out, seen);
        out.append(',');
      }
      out.append(')');
    } else {
      out.append('{');
      for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
        for (Field field : k.getDeclaredFields()) {
          int modifiers = field.getModifiers();
          if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)) {
            out.append(field.getName()).append(':');
            describe(field.getGenericType(), out, seen);
            out.append(',');
          }
        }
      }
      out.append('}');
    }
    if (c.isSealed()) {
      out.append("permits[");
      for (Class<?> permitted : c.getPermittedSubclasses()) {
        describe(permitted, out, seen);
        out.append(',');
      }
      out.append(']');
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
