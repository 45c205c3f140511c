/**
 * JSON for domain events and command-state snapshots (JSON-B) and for stored command results
 * (JSON-P).
 */
package org.eventcore.infrastructure.json;
