package org.eventcore.bench.server;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The bench WAR's JAX-RS application, at its context root {@code /bench}. */
@ApplicationPath("/")
public class BenchApplication extends Application {}
