package org.eventcore.application.banking;

/** An account as the API shows it; {@code version} is its stream's version. */
public record AccountView(String accountId, String owner, long balance, long version) {}
