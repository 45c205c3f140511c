/**
 * The tracing port of the command side: {@link org.eventcore.application.tracing.CommandTracing}
 * opens the spans of a command's execution and its phases without naming a tracing library. The
 * application layer and the API know nothing of OpenTelemetry; the adapter lives in {@code
 * org.eventcore.infrastructure.telemetry} and is used only where the server provides the
 * OpenTelemetry API (ADR 0015).
 */
package org.eventcore.application.tracing;
