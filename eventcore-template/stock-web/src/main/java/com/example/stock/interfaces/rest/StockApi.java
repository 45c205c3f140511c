package com.example.stock.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The HTTP API under {@code /api}: this WAR's resources and those of EventCore's add-on in
 * WEB-INF/lib (event-store API, projections, problem+json mappers), all discovered by scanning.
 */
@ApplicationPath("/api")
public class StockApi extends Application {}
