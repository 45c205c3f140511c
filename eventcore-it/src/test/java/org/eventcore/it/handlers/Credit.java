package org.eventcore.it.handlers;

import org.eventcore.api.StreamId;
import org.eventcore.api.command.Stream;

/** Credits an amount to a ledger account: a plain record, decided by {@link CreditHandler}. */
public record Credit(@Stream StreamId account, long amount) {}
