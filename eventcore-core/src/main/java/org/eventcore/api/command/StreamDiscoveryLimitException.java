package org.eventcore.api.command;

import org.eventcore.api.ErrorCode;

/** Dynamic stream discovery did not settle within the allowed rounds (CE008). */
public final class StreamDiscoveryLimitException extends CommandException {
  private static final long serialVersionUID = 1L;

  public StreamDiscoveryLimitException(String commandType, int rounds) {
    super(
        ErrorCode.CE008,
        "Maximum discovery iterations exceeded: "
            + commandType
            + " still asked for new streams after "
            + rounds
            + " rounds");
  }
}
