package org.eventcore.application.command;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eventcore.api.command.HandledCommand;

/**
 * The fingerprint of a request that carries an idempotency key: what the IETF Idempotency-Key draft
 * calls the request's fingerprint, compared when the key comes back. Two requests have the same
 * fingerprint exactly when they ask for the same thing.
 *
 * <p>For a command it is the SHA-256 of a canonical text of the command record: its class and,
 * recursively, every record component by name (collections in order, sets and maps sorted by the
 * canonical text of their elements and keys, strings length-prefixed so that no two values run
 * together); any other value by its class and {@code toString()}. It depends only on the command's
 * content, not on how a client spelled its JSON (field order, white space), and it is the same in
 * every JVM and server, so it can be stored.
 */
public final class RequestFingerprint {

  private RequestFingerprint() {}

  /**
   * The fingerprint of {@code command}: a {@link HandledCommand} is fingerprinted as the record it
   * binds, so a command with a handler bean and its record have the same fingerprint.
   */
  public static String ofCommand(Object command) {
    Object request =
        command instanceof HandledCommand<?, ?, ?> handled ? handled.command() : command;
    StringBuilder text = new StringBuilder(128);
    canonical(request, text);
    return of(text.toString());
  }

  /** The fingerprint of a request already in canonical text form. */
  public static String of(String canonicalText) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha256.digest(canonicalText.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  static void canonical(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence text) {
      out.append('s').append(text.length()).append(':').append(text);
    } else if (value instanceof Record record) {
      out.append(record.getClass().getName()).append('{');
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        out.append(component.getName()).append('=');
        canonical(componentValue(record, component), out);
        out.append(';');
      }
      out.append('}');
    } else if (value instanceof Optional<?> optional) {
      out.append("opt(");
      canonical(optional.orElse(null), out);
      out.append(')');
    } else if (value instanceof Set<?> set) {
      out.append("set");
      sorted(set, out);
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      for (Object element : list) {
        canonical(element, out);
        out.append(',');
      }
      out.append(']');
    } else if (value instanceof Map<?, ?> map) {
      List<String> entries = new ArrayList<>(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        StringBuilder one = new StringBuilder();
        canonical(entry.getKey(), one);
        one.append("=>");
        canonical(entry.getValue(), one);
        entries.add(one.toString());
      }
      entries.sort(null);
      out.append("map").append(entries);
    } else if (value instanceof Enum<?> constant) {
      out.append(constant.getDeclaringClass().getName()).append('.').append(constant.name());
    } else {
      String text = value.toString();
      out.append(value.getClass().getName()).append('(');
      out.append(text.length()).append(':').append(text).append(')');
    }
  }

  private static void sorted(Collection<?> elements, StringBuilder out) {
    List<String> texts = new ArrayList<>(elements.size());
    for (Object element : elements) {
      StringBuilder one = new StringBuilder();
      canonical(element, one);
      texts.add(one.toString());
    }
    texts.sort(null);
    out.append(texts);
  }

  private static Object componentValue(Record record, RecordComponent component) {
    try {
      var accessor = component.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "Cannot read "
              + record.getClass().getName()
              + "."
              + component.getName()
              + " to fingerprint the request",
          e);
    }
  }
}
