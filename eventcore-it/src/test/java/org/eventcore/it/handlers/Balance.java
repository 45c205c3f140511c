package org.eventcore.it.handlers;

/** The sum of an account's credits. */
public record Balance(long total) {}
