package org.eventcore.application.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eventcore.api.StreamId;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

  record Deposit(StreamId account, long amount) {}

  record Withdraw(StreamId account, long amount) {}

  record Tagged(String a, String b) {}

  record Rich(
      List<String> items, Set<String> tags, Map<String, Integer> counts, Optional<String> note) {}

  @Test
  void equalCommandsHaveEqualFingerprints() {
    assertThat(RequestFingerprint.ofCommand(new Deposit(StreamId.of("account-a"), 25)))
        .isEqualTo(RequestFingerprint.ofCommand(new Deposit(StreamId.of("account-a"), 25)))
        .hasSize(64);
  }

  @Test
  void anyDifferenceInContentOrTypeChangesTheFingerprint() {
    String deposit = RequestFingerprint.ofCommand(new Deposit(StreamId.of("account-a"), 25));
    assertThat(RequestFingerprint.ofCommand(new Deposit(StreamId.of("account-a"), 26)))
        .isNotEqualTo(deposit);
    assertThat(RequestFingerprint.ofCommand(new Deposit(StreamId.of("account-b"), 25)))
        .isNotEqualTo(deposit);
    assertThat(RequestFingerprint.ofCommand(new Withdraw(StreamId.of("account-a"), 25)))
        .isNotEqualTo(deposit);
  }

  @Test
  void stringsCannotRunTogether() {
    assertThat(RequestFingerprint.ofCommand(new Tagged("ab", "c")))
        .isNotEqualTo(RequestFingerprint.ofCommand(new Tagged("a", "bc")));
    assertThat(RequestFingerprint.ofCommand(new Tagged("a;b=s1:c", "")))
        .isNotEqualTo(RequestFingerprint.ofCommand(new Tagged("a", "c")));
  }

  @Test
  void setsAndMapsDoNotDependOnIterationOrderButListsDo() {
    Rich one =
        new Rich(
            List.of("x", "y"),
            Set.of("p", "q", "r"),
            Map.of("k1", 1, "k2", 2, "k3", 3),
            Optional.of("n"));
    Rich sameInOtherOrder =
        new Rich(
            List.of("x", "y"),
            new java.util.TreeSet<>(Set.of("r", "q", "p")),
            new java.util.TreeMap<>(Map.of("k3", 3, "k1", 1, "k2", 2)),
            Optional.of("n"));
    Rich listReversed =
        new Rich(
            List.of("y", "x"),
            Set.of("p", "q", "r"),
            Map.of("k1", 1, "k2", 2, "k3", 3),
            Optional.of("n"));

    assertThat(RequestFingerprint.ofCommand(sameInOtherOrder))
        .isEqualTo(RequestFingerprint.ofCommand(one));
    assertThat(RequestFingerprint.ofCommand(listReversed))
        .isNotEqualTo(RequestFingerprint.ofCommand(one));
    assertThat(
            RequestFingerprint.ofCommand(new Rich(List.of(), Set.of(), Map.of(), Optional.empty())))
        .isNotEqualTo(
            RequestFingerprint.ofCommand(new Rich(List.of(), Set.of(), Map.of(), Optional.of(""))));
  }

  @Test
  void theFingerprintIsStableAcrossRuns() {
    // stored in the database: it must not depend on the JVM (hash codes, identity)
    assertThat(RequestFingerprint.ofCommand(new Tagged("a", "b")))
        .isEqualTo(
            RequestFingerprint.of(
                "org.eventcore.application.command.RequestFingerprintTest$Tagged{a=s1:a;b=s1:b;}"));
  }
}
