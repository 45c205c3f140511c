package org.eventcore.it.handlers.broken;

import org.eventcore.api.StreamId;
import org.eventcore.api.command.Stream;

/** A command record nobody handles. */
public record Orphan(@Stream StreamId stream) {}
