/** The application's own schema migrations, run by EventCore at start-up after its own. */
package org.eventcore.api.migration;
