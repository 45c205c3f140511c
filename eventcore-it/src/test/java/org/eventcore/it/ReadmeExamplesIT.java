package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's quick-start commands, as written, against the deployed service: each {@code
 * curl} must succeed, and each {@code # → {…}} line after a command lists JSON members its answer
 * must contain. Account ids get a unique suffix so that the test can run on any database.
 */
@EventCoreServerTest
@RunAsClient
class ReadmeExamplesIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  @Test
  void theQuickStartCommandsWorkAsDocumented() throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("readme", "../README.md")));
    String block =
        readme.substring(
            readme.indexOf("<!-- readme-examples:start -->"),
            readme.indexOf("<!-- readme-examples:end -->"));
    String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> lines = new ArrayList<>();
    for (String line : block.replace("\\\n", " ").split("\n")) {
      if (line.startsWith("curl ") || line.startsWith("# → {")) {
        lines.add(
            line.replace("alice", "alice" + suffix)
                .replace("bob", "bob" + suffix)
                .replace("transfer-0001", "transfer" + suffix));
      }
    }
    assertThat(lines.stream().filter(l -> l.startsWith("curl"))).hasSizeGreaterThanOrEqualTo(5);

    HttpResponse<String> last = null;
    for (String line : lines) {
      if (line.startsWith("curl ")) {
        last = Http.send(Curl.parse(line, Http.app()));
        assertThat(last.statusCode()).as("%s → %s", line, last.body()).isBetween(200, 299);
      } else {
        for (String member : expectedMembers(line)) {
          assertThat(last.body()).as(line).contains(member);
        }
      }
    }
  }

  /** The complete {@code "name":value} members of a {@code # → {…}} line (… entries skipped). */
  private static List<String> expectedMembers(String line) {
    List<String> members = new ArrayList<>();
    Matcher member = Pattern.compile("\"[A-Za-z]+\":(\"[^\"]*\"|-?\\d+)").matcher(line);
    while (member.find()) {
      members.add(member.group());
    }
    return members;
  }

  /** The curl options the README uses: -s, -i, -X, -H, -d and a URL. */
  static final class Curl {
    static HttpRequest.Builder parse(String command, String baseUrl) {
      List<String> args = tokens(command);
      String method = null;
      String body = null;
      String url = null;
      List<String> headers = new ArrayList<>();
      for (int i = 1; i < args.size(); i++) {
        String arg = args.get(i);
        switch (arg) {
          case "-s", "-i" -> {}
          case "-X" -> method = args.get(++i);
          case "-H" -> headers.add(args.get(++i));
          case "-d" -> body = args.get(++i);
          default -> {
            if (!arg.startsWith("http")) {
              throw new IllegalArgumentException("Unsupported curl option in README: " + arg);
            }
            url = arg.replace("http://localhost:8080", baseUrl);
          }
        }
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
      for (String header : headers) {
        int colon = header.indexOf(':');
        request.header(
            header.substring(0, colon).trim(),
            header.substring(colon + 1).trim().replace("$TOKEN", README_TOKEN));
      }
      String verb = method != null ? method : body != null ? "POST" : "GET";
      return request.method(
          verb,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
    }

    /**
     * {@code $TOKEN}: the README's token variable, the administrator's token that the run command
     * prints ({@code Token (admin): …}).
     */
    static final String README_TOKEN =
        Tokens.of("readme", org.eventcore.interfaces.rest.security.Roles.ADMIN);

    /** Splits like a shell: single- and double-quoted strings stay whole. */
    private static List<String> tokens(String command) {
      List<String> tokens = new ArrayList<>();
      Matcher token = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(command);
      while (token.find()) {
        tokens.add(
            token.group(1) != null
                ? token.group(1)
                : token.group(2) != null ? token.group(2) : token.group(3));
      }
      return tokens;
    }
  }
}
