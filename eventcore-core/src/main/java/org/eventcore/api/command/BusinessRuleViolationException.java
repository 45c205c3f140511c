package org.eventcore.api.command;

import org.eventcore.api.ErrorCode;

/** A business rule rejected the command (CE002). Nothing was written; never retried. */
public final class BusinessRuleViolationException extends CommandException {
  private static final long serialVersionUID = 1L;

  public BusinessRuleViolationException(String message) {
    super(ErrorCode.CE002, message);
  }
}
