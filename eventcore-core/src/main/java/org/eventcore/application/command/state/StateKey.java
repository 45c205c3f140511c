package org.eventcore.application.command.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.StateReuse;

/**
 * What a folded state is the state of: a fold (name and version, see {@link StateReuse}) over an
 * ordered list of streams. Two commands with equal keys fold the same events into equal states.
 *
 * @param foldName the fold's name, by default the command's class name
 * @param foldVersion the version of the fold's meaning
 * @param streams the streams in the order they are folded
 */
public record StateKey(String foldName, int foldVersion, List<StreamId> streams) {

  public StateKey {
    Objects.requireNonNull(foldName, "foldName");
    streams = List.copyOf(streams);
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("A state key needs at least one stream");
    }
  }

  /**
   * The key of a command's state over {@code streams}.
   *
   * @throws IllegalStateException if {@code reuse} does not allow reuse
   */
  public static StateKey of(StateReuse reuse, List<StreamId> streams) {
    return new StateKey(reuse.foldName(), reuse.version(), streams);
  }

  /**
   * A fixed-length digest of the key (SHA-256, hex), for storage. Stream ids contain no control
   * characters, so the line-separated text it is computed from is unambiguous.
   */
  public String digest() {
    StringBuilder text = new StringBuilder(foldName).append('\n').append(foldVersion);
    streams.forEach(s -> text.append('\n').append(s.value()));
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
