/**
 * Structured logs: one JSON object per line, written to the loggers under {@value
 * org.eventcore.application.logging.JsonLogLine#LOGGERS}, with the correlation id and trace id of
 * the work they describe and never a payload or a user's name (ADR 0015).
 */
package org.eventcore.application.logging;
