package org.eventcore.it.closed;

import jakarta.enterprise.context.Dependent;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/** A user's own JAX-RS application in a WAR that carries eventcore-web. */
@ApplicationPath("/")
// @Dependent: a CDI bean, so that Payara finds @LoginConfig (its MP JWT looks only at beans)
@Dependent
@LoginConfig(authMethod = "MP-JWT")
public class UsersApplication extends Application {}
