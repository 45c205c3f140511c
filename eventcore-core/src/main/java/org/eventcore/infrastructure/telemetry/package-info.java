/**
 * OpenTelemetry behind the tracing port: {@link
 * org.eventcore.infrastructure.telemetry.OpenTelemetryCommandTracing} opens the command's spans
 * with the {@code Tracer} of MicroProfile Telemetry. On a server without the OpenTelemetry API this
 * package cannot load, CDI skips it, and commands are not traced (ADR 0015).
 */
package org.eventcore.infrastructure.telemetry;
