/** Work the service does once when it is deployed, before it accepts requests. */
package org.eventcore.infrastructure.startup;
