package com.example.stock.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The HTTP API under {@code /api}: this WAR's resources and those of EventCore's add-on in
 * WEB-INF/lib (event-store API, projections, problem+json mappers), all discovered by scanning.
 * Callers authenticate with a MicroProfile JWT bearer token, which the server verifies ({@code
 * mp.jwt.verify.*}); every resource method names the roles that may call it ({@code
 * RolesAllowed}), and EventCore's add-on refuses a method that names none.
 */
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT")
public class StockApi extends Application {}
