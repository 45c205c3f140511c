/**
 * The database schema of EventCore, owned by Flyway: versioned SQL scripts in {@code db/migration},
 * applied by {@link org.eventcore.infrastructure.persistence.migration.EventCoreSchema} when an
 * application starts.
 */
package org.eventcore.infrastructure.persistence.migration;
