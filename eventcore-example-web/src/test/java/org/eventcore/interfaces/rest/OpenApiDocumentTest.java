package org.eventcore.interfaces.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written OpenAPI document names exactly the endpoints the resources serve. */
class OpenApiDocumentTest {

  private static final Map<Class<?>, String> VERBS =
      Map.of(GET.class, "get", POST.class, "post", PUT.class, "put", DELETE.class, "delete");

  @Test
  void theDocumentDescribesEveryEndpointAndNothingElse() throws IOException {
    String base = EventCoreApi.class.getAnnotation(ApplicationPath.class).value();
    Set<String> served = new TreeSet<>();
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.eventcore.interfaces.rest")) {
      if (!type.isAnnotatedWith(Path.class)) {
        continue;
      }
      String classPath = type.getAnnotationOfType(Path.class).value();
      for (JavaMethod method : type.getMethods()) {
        for (Map.Entry<Class<?>, String> verb : VERBS.entrySet()) {
          if (method.isAnnotatedWith(verb.getKey().getName())) {
            String methodPath =
                method.isAnnotatedWith(Path.class)
                    ? method.getAnnotationOfType(Path.class).value()
                    : "";
            served.add(verb.getValue() + " " + join(base, classPath, methodPath));
          }
        }
      }
    }

    assertThat(served).contains("post /api/v1/transfers", "get /api/v1/events/stream");
    assertThat(documented()).isEqualTo(served);
  }

  private static String join(String... parts) {
    StringBuilder path = new StringBuilder();
    for (String part : parts) {
      String trimmed = part.replaceAll("^/+|/+$", "");
      if (!trimmed.isEmpty()) {
        path.append('/').append(trimmed);
      }
    }
    return path.toString();
  }

  /** "verb path" pairs of openapi.yaml, read by indentation (paths at 2 spaces, verbs at 4). */
  private static Set<String> documented() throws IOException {
    String yaml;
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/META-INF/openapi.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> documented = new TreeSet<>();
    String section = yaml.substring(yaml.indexOf("\npaths:"), yaml.indexOf("\ncomponents:"));
    String currentPath = null;
    for (String line : section.split("\n")) {
      Matcher path = Pattern.compile("^  (/\\S+):\\s*$").matcher(line);
      Matcher verb = Pattern.compile("^    (get|post|put|delete):\\s*$").matcher(line);
      if (path.find()) {
        currentPath = path.group(1);
      } else if (verb.find() && currentPath != null) {
        documented.add(
            verb.group(1)
                + " "
                + currentPath
                    .replaceAll("\\{[^}]+}", "{$0}")
                    .replaceAll("\\{\\{([^}]+)}}", "{$1}"));
      }
    }
    return documented;
  }
}
