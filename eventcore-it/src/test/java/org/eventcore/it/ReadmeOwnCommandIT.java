package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eventcore.it.readme.MoveStock;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The README's "Write your own command" is true: each of its Java blocks is, line for line, a file
 * of {@code org.eventcore.it.readme} (below the package line); those files, added to the service's
 * web module as the README says, deploy; and its {@code curl} lines answer as documented.
 */
@EventCoreServerTest
@RunAsClient
class ReadmeOwnCommandIT {

  private static final Path SOURCES =
      Path.of("src/test/java", MoveStock.class.getPackageName().replace('.', '/'));
  private static final Pattern FILE_BLOCK =
      Pattern.compile("<!-- own-command:file (\\S+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    EnterpriseArchive ear = Deployments.builtEar();
    ArchivePath webModule =
        ear.getContent(path -> path.get().endsWith(".war")).keySet().iterator().next();
    ear.getAsType(WebArchive.class, webModule).addPackage(MoveStock.class.getPackage());
    return ear;
  }

  private static String readme() throws IOException {
    return Files.readString(Path.of(System.getProperty("readme", "../README.md")));
  }

  @Test
  void everyJavaBlockOfTheSectionIsTheFileItNames() throws IOException {
    Matcher block = FILE_BLOCK.matcher(readme());
    List<String> files = new ArrayList<>();
    while (block.find()) {
      String file = block.group(1);
      files.add(file);
      String source = Files.readString(SOURCES.resolve(file));
      String withoutPackage = source.substring(source.indexOf(";\n") + 2).stripLeading();
      assertThat(block.group(2)).as("README block for %s", file).isEqualTo(withoutPackage);
    }
    assertThat(files)
        .containsExactlyInAnyOrder(
            "MoveStock.java",
            "StockEvent.java",
            "MoveStockHandler.java",
            "StockResource.java",
            "ReceiveStock.java");
  }

  @Test
  void theSectionsRequestsAnswerAsDocumented() throws IOException {
    String readme = readme();
    String section =
        readme.substring(
            readme.indexOf("<!-- own-command:curl-start -->"),
            readme.indexOf("<!-- own-command:curl-end -->"));
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> last = null;
    int requests = 0;
    for (String line : section.replace("\\\n", " ").split("\n")) {
      line = line.replace("north", "north-" + suffix).replace("south", "south-" + suffix);
      if (line.startsWith("curl ")) {
        last = Http.send(ReadmeExamplesIT.Curl.parse(line, Http.app()));
        requests++;
      } else if (line.startsWith("# → ")) {
        String expected = line.substring("# → ".length());
        Matcher status = Pattern.compile("^(\\d{3})\\b").matcher(expected);
        if (status.find()) {
          assertThat(last.statusCode()).as(line).isEqualTo(Integer.parseInt(status.group(1)));
        } else {
          assertThat(last.statusCode()).as("%s → %s", line, last.body()).isBetween(200, 299);
          Matcher member = Pattern.compile("\"[A-Za-z]+\":(\"[^\"]*\"|-?\\d+)").matcher(expected);
          while (member.find()) {
            assertThat(last.body()).as(line).contains(member.group());
          }
        }
        String quoted = expected.replaceAll("^\\d{3}\\s*", "");
        Matcher detail = Pattern.compile("\"detail\":\"([^\"]*)\"").matcher(quoted);
        if (detail.find()) {
          assertThat(last.body()).contains(detail.group(1));
        }
      }
    }
    assertThat(requests).isGreaterThanOrEqualTo(3);
  }
}
