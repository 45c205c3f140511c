package org.eventcore.it.handlers;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The test application's JAX-RS root (the WAR's context root is {@code /handlers-it}). */
@ApplicationPath("/")
public class LedgerApplication extends Application {}
