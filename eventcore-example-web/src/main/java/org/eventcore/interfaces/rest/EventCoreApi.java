package org.eventcore.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Version 1 of the HTTP API; resources and problem mappers are discovered by CDI scanning. */
@ApplicationPath("/api/v1")
public class EventCoreApi extends Application {}
