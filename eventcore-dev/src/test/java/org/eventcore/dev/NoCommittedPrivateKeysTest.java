package org.eventcore.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build fails when the repository holds a private key (issue 14): every file of the working
 * tree is searched for a PEM private key ({@code -----BEGIN … PRIVATE KEY-----}), except what git
 * ignores by our {@code .gitignore} — build output ({@code target/}) and the run command's data
 * ({@code .eventcore/}, where its development key pair lives). Tests make their keys at run time.
 */
class NoCommittedPrivateKeysTest {

  /** Directories that are never committed (see .gitignore). */
  private static final Set<String> IGNORED =
      Set.of(".git", "target", ".eventcore", ".idea", ".vscode", ".settings", "node_modules");

  // split so that this file does not match itself
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN ([A-Z0-9]+ )?" + "PRIVATE" + " KEY-----");

  @Test
  void theRepositoryHoldsNoPrivateKey() {
    Path root = Path.of("..").toAbsolutePath().normalize();
    assertThat(root.resolve("pom.xml")).as("the repository root").isRegularFile();
    assertThat(filesWithPrivateKeys(root)).isEmpty();
  }

  @Test
  void theCheckFindsAPrivateKeyWhereverItIs(@TempDir Path tree) throws IOException {
    Files.createDirectories(tree.resolve("src/main/resources"));
    Files.writeString(
        tree.resolve("src/main/resources/server.key"),
        "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
    Files.writeString(tree.resolve("notes.txt"), "-----BEGIN " + "PRIVATE KEY-----\nMIIE\n");
    Files.createDirectories(tree.resolve("target"));
    Files.writeString(
        tree.resolve("target/ignored.pem"), "-----BEGIN " + "PRIVATE KEY-----\nMIIE\n");
    Files.writeString(tree.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\nMIIB\n");

    assertThat(filesWithPrivateKeys(tree))
        .containsExactlyInAnyOrder(Path.of("notes.txt"), Path.of("src/main/resources/server.key"));
  }

  static List<Path> filesWithPrivateKeys(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> root.relativize(file).toString().isEmpty() || !ignored(root, file))
          .filter(NoCommittedPrivateKeysTest::holdsPrivateKey)
          .map(root::relativize)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean ignored(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      if (IGNORED.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean holdsPrivateKey(Path file) {
    try {
      if (Files.size(file) > 10_000_000) {
        return false;
      }
      return PRIVATE_KEY
          .matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
          .find();
    } catch (MalformedInputException binary) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
