package org.eventcore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * MicroProfile JWT bearer tokens for tests, signed with a key pair made when the instance is
 * created (never stored in a repository): give the server {@link #writePublicKey(Path)} as {@code
 * mp.jwt.verify.publickey.location}, {@link #issuer()} as {@code mp.jwt.verify.issuer} and {@link
 * #audience()} as {@code mp.jwt.verify.audiences}, then send {@code Authorization: Bearer} {@link
 * #token(String, String...)}.
 *
 * <p>It also mints the tokens a server must refuse, one per way a token goes wrong ({@link
 * #bad(Bad, String...)}), for tests of authentication.
 */
public final class TestTokens {

  /** The ways a bearer token can be wrong; each must be answered 401. */
  public enum Bad {
    /** Not a JWT at all. */
    MALFORMED,
    /** Expired an hour ago. */
    EXPIRED,
    /** Signed with another key. */
    WRONG_SIGNATURE,
    /** Unsigned ({@code "alg":"none"}). */
    ALG_NONE,
    /** From another issuer. */
    WRONG_ISSUER,
    /** For another audience. */
    WRONG_AUDIENCE
  }

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final KeyPair keys = newKeyPair();
  private final String issuer;
  private final String audience;

  /** Tokens of {@code issuer} for {@code audience}, with a new RSA key pair. */
  public TestTokens(String issuer, String audience) {
    this.issuer = issuer;
    this.audience = audience;
  }

  public String issuer() {
    return issuer;
  }

  public String audience() {
    return audience;
  }

  /** The public key, PEM ({@code -----BEGIN PUBLIC KEY-----}). */
  public String publicKeyPem() {
    return pem("PUBLIC KEY", keys.getPublic().getEncoded());
  }

  /** Writes {@link #publicKeyPem()} to {@code file} (directories are created) and returns it. */
  public Path writePublicKey(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, publicKeyPem());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A valid token for one hour: {@code sub} and {@code upn} are {@code subject} (the caller's name
   * in MicroProfile JWT), {@code groups} the roles.
   */
  public String token(String subject, String... roles) {
    return sign(claims(subject, issuer, audience, Instant.now(), Duration.ofHours(1), roles));
  }

  /** A token that is wrong in the way {@code bad} says, otherwise like {@link #token}. */
  public String bad(Bad bad, String subject, String... roles) {
    Instant now = Instant.now();
    return switch (bad) {
      case MALFORMED -> "not-a-jwt." + UUID.randomUUID();
      case EXPIRED ->
          sign(
              claims(
                  subject,
                  issuer,
                  audience,
                  now.minus(Duration.ofHours(2)),
                  Duration.ofHours(1),
                  roles));
      case WRONG_SIGNATURE ->
          sign(
              claims(subject, issuer, audience, now, Duration.ofHours(1), roles),
              newKeyPair().getPrivate());
      case ALG_NONE ->
          BASE64URL.encodeToString(
                  "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
              + "."
              + BASE64URL.encodeToString(
                  claims(subject, issuer, audience, now, Duration.ofHours(1), roles)
                      .getBytes(StandardCharsets.UTF_8))
              + ".";
      case WRONG_ISSUER ->
          sign(claims(subject, issuer + "-other", audience, now, Duration.ofHours(1), roles));
      case WRONG_AUDIENCE ->
          sign(claims(subject, issuer, audience + "-other", now, Duration.ofHours(1), roles));
    };
  }

  private String sign(String claims) {
    return sign(claims, keys.getPrivate());
  }

  private static String sign(String claims, PrivateKey key) {
    String signed =
        BASE64URL.encodeToString(
                "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + BASE64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + BASE64URL.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String claims(
      String subject,
      String issuer,
      String audience,
      Instant issuedAt,
      Duration lifetime,
      String... roles) {
    return "{\"iss\":"
        + quote(issuer)
        + ",\"aud\":"
        + quote(audience)
        + ",\"sub\":"
        + quote(subject)
        + ",\"upn\":"
        + quote(subject)
        + ",\"groups\":["
        + List.of(roles).stream().map(TestTokens::quote).collect(Collectors.joining(","))
        + "],\"iat\":"
        + issuedAt.getEpochSecond()
        + ",\"exp\":"
        + issuedAt.plus(lifetime).getEpochSecond()
        + ",\"jti\":"
        + quote(UUID.randomUUID().toString())
        + "}";
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
