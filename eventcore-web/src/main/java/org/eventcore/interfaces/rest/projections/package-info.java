/** The projections as operators see them. */
package org.eventcore.interfaces.rest.projections;
