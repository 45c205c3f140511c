/** What every command endpoint shares: request headers to options, results to JSON. */
package org.eventcore.interfaces.rest.command;
