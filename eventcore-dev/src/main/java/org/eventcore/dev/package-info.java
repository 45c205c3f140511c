/**
 * Developer tooling that is never deployed: {@link org.eventcore.dev.DevDatabase}, the one place
 * that decides which PostgreSQL the tests and the run command use, and {@link
 * org.eventcore.dev.RunCommand}, the launcher behind {@code ./mvnw -Prun}.
 */
package org.eventcore.dev;
