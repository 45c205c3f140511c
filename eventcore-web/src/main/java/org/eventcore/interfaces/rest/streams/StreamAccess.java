package org.eventcore.interfaces.rest.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Optional;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;
import org.eventcore.interfaces.rest.security.Roles;
import org.eventcore.interfaces.rest.security.StreamAccessForbiddenException;
import org.eventcore.interfaces.rest.security.StreamPermissions;
import org.eventcore.interfaces.rest.security.StreamPermissions.Operation;

/**
 * The checks of the raw event-store API before it reads or writes: the caller's {@link
 * StreamPermissions}, and the streams reserved for commands ({@link ReservedStreamPrefixes}), which
 * only {@link Roles#ADMIN} may append to.
 */
@ApplicationScoped
public class StreamAccess {

  @Inject StreamPermissions permissions;
  @Inject ReservedStreamPrefixes reserved;

  /** Checks a read of one stream. */
  public void checkRead(SecurityContext caller, StreamId stream) {
    if (!permissions.allows(Operation.READ, stream, caller::isUserInRole)) {
      throw new StreamAccessForbiddenException(Optional.of(stream), Operation.READ);
    }
  }

  /** Checks a read of the global feed, which carries every stream. */
  public void checkReadEverything(SecurityContext caller) {
    if (!permissions.allowsReadingEverything(caller::isUserInRole)) {
      throw new StreamAccessForbiddenException(Optional.empty(), Operation.READ);
    }
  }

  /** Checks a raw append to one stream, whatever its events. */
  public void checkAppend(SecurityContext caller, StreamId stream) {
    if (!permissions.allows(Operation.APPEND, stream, caller::isUserInRole)) {
      throw new StreamAccessForbiddenException(Optional.of(stream), Operation.APPEND);
    }
    if (!caller.isUserInRole(Roles.ADMIN)) {
      reserved.checkRawAppend(stream);
    }
  }

  /**
   * Checks a raw append: streams given events are appended to, streams given none are only read
   * (their version checked).
   */
  public void checkAppend(SecurityContext caller, List<StreamWrite> writes) {
    for (StreamWrite write : writes) {
      if (write.events().isEmpty()) {
        checkRead(caller, write.streamId());
      } else if (!permissions.allows(Operation.APPEND, write.streamId(), caller::isUserInRole)) {
        throw new StreamAccessForbiddenException(Optional.of(write.streamId()), Operation.APPEND);
      }
    }
    if (!caller.isUserInRole(Roles.ADMIN)) {
      reserved.checkRawAppend(writes);
    }
  }
}
