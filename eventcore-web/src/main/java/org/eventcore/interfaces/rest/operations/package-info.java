/**
 * The operator console's own endpoints under {@code /api/v1/operator} (streams by prefix, hot
 * streams, a summary of the command metrics), for the roles {@code operator} and {@code admin}. The
 * console's page, script and style sheet are static files of this jar ({@code
 * META-INF/resources/operator-console/}); ADR 0014.
 */
package org.eventcore.interfaces.rest.operations;
