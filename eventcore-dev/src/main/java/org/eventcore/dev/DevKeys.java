package org.eventcore.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The run command's development key pair for MicroProfile JWT bearer tokens: made on the first run
 * in {@code <data dir>/jwt/} (the data directory, {@code .eventcore/}, is never committed: it is in
 * {@code .gitignore}), kept for the next runs, and used to sign one token per role. The server
 * verifies them with the public key, issuer {@value #ISSUER} and audience {@value #AUDIENCE}.
 *
 * <p>The benchmark's server uses it too, with a throw-away directory.
 *
 * <p>Development only: whoever can read {@code .eventcore/jwt/private-key.pem} can mint any token
 * for this server. A real deployment verifies the tokens of its identity provider instead (README,
 * "Security").
 */
public final class DevKeys {

  public static final String ISSUER = "eventcore-dev";
  public static final String AUDIENCE = "eventcore";

  /** How long a printed token is valid. */
  public static final Duration LIFETIME = Duration.ofHours(24);

  /** The roles of the API, one token each (eventcore-web's {@code Roles}). */
  public static final List<String> ROLES =
      List.of("reader", "commander", "appender", "operator", "admin");

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final Path publicKey;
  private final PrivateKey privateKey;

  private DevKeys(Path publicKey, PrivateKey privateKey) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  /** The key pair in {@code directory}, made there first if it is not there yet. */
  public static DevKeys in(Path directory) throws IOException {
    Path publicFile = directory.resolve("public-key.pem");
    Path privateFile = directory.resolve("private-key.pem");
    try {
      if (!Files.isRegularFile(publicFile) || !Files.isRegularFile(privateFile)) {
        Files.createDirectories(directory);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        try {
          Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // Windows: the user's profile protects it
        }
        Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      }
      byte[] der = Base64.getMimeDecoder().decode(body(Files.readString(privateFile)));
      PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      return new DevKeys(publicFile, key);
    } catch (GeneralSecurityException e) {
      throw new IOException("The development key pair in " + directory + " is unusable", e);
    }
  }

  /** The public key file, for {@code mp.jwt.verify.publickey.location}. */
  public Path publicKey() {
    return publicKey;
  }

  /** The server's options that make it accept these tokens. */
  public List<String> serverOptions() {
    return List.of(
        "-Dmp.jwt.verify.publickey.location=" + publicKey.toAbsolutePath(),
        "-Dmp.jwt.verify.issuer=" + ISSUER,
        "-Dmp.jwt.verify.audiences=" + AUDIENCE);
  }

  /**
   * The server's system properties that make it accept these tokens ({@code mp.jwt.verify.*}), for
   * a server configured by file (a Payara domain) rather than by options. The key's location is a
   * {@code file:} URL: Payara reads it as a class-path resource or a URL, not as a path.
   */
  public Map<String, String> serverProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(
        "mp.jwt.verify.publickey.location", publicKey.toAbsolutePath().toUri().toString());
    properties.put("mp.jwt.verify.issuer", ISSUER);
    properties.put("mp.jwt.verify.audiences", AUDIENCE);
    return properties;
  }

  /** A token of subject {@code dev-<role>} with that one role, valid for {@link #LIFETIME}. */
  public String token(String role) {
    Instant now = Instant.now();
    String claims =
        "{\"iss\":\""
            + ISSUER
            + "\",\"aud\":\""
            + AUDIENCE
            + "\",\"sub\":\"dev-"
            + role
            + "\",\"upn\":\"dev-"
            + role
            + "\",\"groups\":["
            + List.of(role).stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","))
            + "],\"iat\":"
            + now.getEpochSecond()
            + ",\"exp\":"
            + now.plus(LIFETIME).getEpochSecond()
            + ",\"jti\":\""
            + UUID.randomUUID()
            + "\"}";
    String signed =
        BASE64URL.encodeToString(
                "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + BASE64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(privateKey);
      rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + BASE64URL.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One line per role: {@code Token (<role>): <jwt>}. */
  public String tokenLines() {
    return ROLES.stream()
        .map(role -> "  Token (" + role + "): " + token(role))
        .collect(Collectors.joining("\n"));
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

  private static String body(String pem) {
    return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
  }
}
