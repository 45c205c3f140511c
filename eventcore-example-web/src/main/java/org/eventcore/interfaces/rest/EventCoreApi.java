package org.eventcore.interfaces.rest;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.Dependent;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * Version 1 of the HTTP API; resources and problem mappers are discovered by CDI scanning. Callers
 * authenticate with a MicroProfile JWT bearer token (verified by the server against {@code
 * mp.jwt.verify.*}); every resource method says which {@link Roles} may call it.
 */
@ApplicationPath("/api/v1")
// @Dependent: a CDI bean, so that Payara finds @LoginConfig (its MP JWT looks only at beans)
@Dependent
@LoginConfig(authMethod = "MP-JWT", realmName = "eventcore")
@DeclareRoles({Roles.READER, Roles.COMMANDER, Roles.APPENDER, Roles.OPERATOR, Roles.ADMIN})
public class EventCoreApi extends Application {}
