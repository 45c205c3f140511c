/** Application services of the example service: queries and their transaction boundaries. */
package org.eventcore.application;
