package com.example.stock.interfaces.rest;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.Dependent;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * The HTTP API under {@code /api}: this WAR's resources and those of EventCore's add-on in
 * WEB-INF/lib (event-store API, projections, problem+json mappers), all discovered by scanning.
 * Callers authenticate with a MicroProfile JWT bearer token, which the server verifies ({@code
 * mp.jwt.verify.*}); every resource method names the roles that may call it ({@code
 * RolesAllowed}), and EventCore's add-on refuses a method that names none.
 *
 * <p>{@code @Dependent} and {@code @DeclareRoles} are for Payara Server (harmless on WildFly):
 * Payara's MicroProfile JWT finds {@code @LoginConfig} only on a CDI bean, and Payara answers
 * {@code isUserInRole} only for declared roles (README, "Deploying to Payara Server").
 */
@ApplicationPath("/api")
@Dependent
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.READER, Roles.COMMANDER, Roles.APPENDER, Roles.OPERATOR, Roles.ADMIN})
public class StockApi extends Application {}
