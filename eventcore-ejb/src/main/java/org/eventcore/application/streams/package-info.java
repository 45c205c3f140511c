/**
 * Direct access to event streams (the generic event-store API): append with an expectation and
 * read, each call one JTA transaction.
 */
package org.eventcore.application.streams;
