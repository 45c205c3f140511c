package com.example.stock.it;

import java.nio.file.Path;
import org.eventcore.testing.TestTokens;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tests' bearer tokens, signed with a key pair made for this test run (none is stored in the
 * project). Registered before Arquillian's extension: it writes the public key under {@code
 * target/} and sets the properties {@code arquillian.xml} passes to the server as {@code
 * mp.jwt.verify.*}.
 */
public final class StockTokens implements BeforeAllCallback {

  static final TestTokens TOKENS = new TestTokens("stock-it", "stock");

  @Override
  public void beforeAll(ExtensionContext context) {
    synchronized (StockTokens.class) {
      if (System.getProperty("stock.jwt.key") == null) {
        Path key = TOKENS.writePublicKey(Path.of("target", "jwt", "public-key.pem"));
        System.setProperty("stock.jwt.key", key.toAbsolutePath().toString());
        System.setProperty("stock.jwt.issuer", TOKENS.issuer());
        System.setProperty("stock.jwt.audience", TOKENS.audience());
      }
    }
  }
}
