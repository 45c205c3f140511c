package org.eventcore.it;

import java.nio.file.Path;
import org.eventcore.interfaces.rest.security.Roles;
import org.eventcore.testing.TestTokens;

/**
 * The bearer tokens of the tests: one key pair per test JVM, made at start (nothing stored in the
 * repository). {@link #install()} writes the public key under {@code target/} and sets the system
 * properties that {@code arquillian.xml} passes to the server as {@code mp.jwt.verify.*}.
 */
final class Tokens {

  static final TestTokens TOKENS = new TestTokens("eventcore-it", "eventcore");

  /** The subject of the default token. */
  static final String DEFAULT_SUBJECT = "it-user";

  /**
   * The roles every test request has unless it says otherwise: all but {@link Roles#ADMIN}, so that
   * the protections only the administrator may pass (streams reserved for commands) stay on.
   */
  static final String[] DEFAULT_ROLES = {
    Roles.READER, Roles.COMMANDER, Roles.APPENDER, Roles.OPERATOR
  };

  private static String defaultToken;
  private static long defaultTokenMintedAt;

  private Tokens() {}

  static synchronized void install() {
    if (System.getProperty("eventcore.it.jwt.key") != null) {
      return;
    }
    Path key = TOKENS.writePublicKey(Path.of("target", "it-jwt", "public-key.pem"));
    System.setProperty("eventcore.it.jwt.key", key.toAbsolutePath().toString());
    System.setProperty("eventcore.it.jwt.issuer", TOKENS.issuer());
    System.setProperty("eventcore.it.jwt.audience", TOKENS.audience());
  }

  /** The default token (renewed every ten minutes: a token lives an hour). */
  static synchronized String defaultToken() {
    long now = System.nanoTime();
    if (defaultToken == null || now - defaultTokenMintedAt > 600_000_000_000L) {
      defaultToken = TOKENS.token(DEFAULT_SUBJECT, DEFAULT_ROLES);
      defaultTokenMintedAt = now;
    }
    return defaultToken;
  }

  /** A token of {@code subject} with exactly {@code roles}. */
  static String of(String subject, String... roles) {
    return TOKENS.token(subject, roles);
  }
}
