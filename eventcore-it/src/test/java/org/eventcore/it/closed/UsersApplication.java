package org.eventcore.it.closed;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.Dependent;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eventcore.interfaces.rest.security.Roles;

/** A user's own JAX-RS application in a WAR that carries eventcore-web. */
@ApplicationPath("/")
// @Dependent: a CDI bean, so that Payara finds @LoginConfig (its MP JWT looks only at beans);
// @DeclareRoles: Payara answers isUserInRole only for roles the application declares
@Dependent
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.READER})
public class UsersApplication extends Application {}
