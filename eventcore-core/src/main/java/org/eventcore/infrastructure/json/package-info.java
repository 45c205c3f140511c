/** JSON for domain events (JSON-B) and for stored command results (JSON-P). */
package org.eventcore.infrastructure.json;
