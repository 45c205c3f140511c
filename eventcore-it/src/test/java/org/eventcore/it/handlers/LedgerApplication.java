package org.eventcore.it.handlers;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The test application's JAX-RS root (the WAR's context root is {@code /handlers-it}); its callers
 * authenticate with a MicroProfile JWT, as in any WAR that carries eventcore-web.
 */
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT")
public class LedgerApplication extends Application {}
