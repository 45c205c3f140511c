package org.eventcore.it.handlers.broken;

import org.eventcore.api.StreamId;
import org.eventcore.api.command.Stream;

/** A command with two handlers. */
public record Twice(@Stream StreamId stream) {}
