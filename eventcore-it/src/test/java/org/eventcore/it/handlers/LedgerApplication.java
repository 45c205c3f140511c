package org.eventcore.it.handlers;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.Dependent;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * The test application's JAX-RS root (the WAR's context root is {@code /handlers-it}). Its callers
 * send a MicroProfile JWT like every other client; this WAR carries no eventcore-web, so its role
 * annotations document intent only ({@link org.eventcore.it.ClosedByDefaultIT} tests a WAR that
 * carries it).
 */
@ApplicationPath("/")
// @Dependent: a CDI bean, so that Payara finds @LoginConfig (its MP JWT looks only at beans);
// @DeclareRoles: Payara answers isUserInRole only for roles the application declares
@Dependent
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.COMMANDER, Roles.READER})
public class LedgerApplication extends Application {}
