package org.eventcore.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerJvmTest {

  @Test
  void everyDefaultOptionIsAcceptedByTheJvmThatStartsTheServer() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ServerJvm.DEFAULT_OPTIONS);
    command.add("-version");
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(java.exitValue()).as(output).isZero();
    assertThat(output).doesNotContain("Unrecognized", "Ignoring option");
  }

  @Test
  void theNativeHeapIsTrimmedWhereTheJvmCanAndTheMemoryOptionsAlwaysComeFirst() {
    assertThat(ServerJvm.DEFAULT_OPTIONS)
        .startsWith(ServerJvm.MEMORY_OPTIONS.toArray(String[]::new))
        .contains("-Xmx384m", "-XX:+UseSerialGC");
    assertThat(ServerJvm.DEFAULT_OPTIONS.contains(ServerJvm.TRIM_NATIVE_HEAP))
        .isEqualTo(ServerJvm.jvmKnows("TrimNativeHeapInterval"));
    assertThat(ServerJvm.options(false)).isEqualTo(ServerJvm.MEMORY_OPTIONS);
    assertThat(ServerJvm.jvmKnows("NoSuchOptionAnywhere")).isFalse();
    assertThat(ServerJvm.jvmKnows("MaxHeapFreeRatio")).isTrue();
  }
}
