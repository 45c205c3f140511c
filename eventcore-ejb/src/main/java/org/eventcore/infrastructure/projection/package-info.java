/** Hosting projections in the server: one runner per projection bean, on a managed executor. */
package org.eventcore.infrastructure.projection;
