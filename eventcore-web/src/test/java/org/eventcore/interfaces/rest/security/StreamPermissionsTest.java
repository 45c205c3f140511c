package org.eventcore.interfaces.rest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventcore.interfaces.rest.security.StreamPermissions.Operation.APPEND;
import static org.eventcore.interfaces.rest.security.StreamPermissions.Operation.READ;

import java.util.Set;
import java.util.function.Predicate;
import org.eventcore.api.StreamId;
import org.junit.jupiter.api.Test;

class StreamPermissionsTest {

  private static Predicate<String> roles(String... roles) {
    return Set.of(roles)::contains;
  }

  private static final StreamPermissions CONFIGURED =
      StreamPermissions.parse(
          "read:*=reader|admin, read:payroll-=admin, append:*=admin, append:notes-=appender | admin");

  @Test
  void theLongestMatchingPrefixDecides() {
    assertThat(CONFIGURED.allows(APPEND, StreamId.of("notes-1"), roles("appender"))).isTrue();
    assertThat(CONFIGURED.allows(APPEND, StreamId.of("ledger-1"), roles("appender"))).isFalse();
    assertThat(CONFIGURED.allows(APPEND, StreamId.of("ledger-1"), roles("admin"))).isTrue();
    assertThat(CONFIGURED.allows(READ, StreamId.of("notes-1"), roles("reader"))).isTrue();
    assertThat(CONFIGURED.allows(READ, StreamId.of("payroll-7"), roles("reader"))).isFalse();
    assertThat(CONFIGURED.allows(READ, StreamId.of("payroll-7"), roles("admin"))).isTrue();
  }

  @Test
  void aStreamThatNoRuleMatchesIsClosed() {
    StreamPermissions onlyNotes = StreamPermissions.parse("append:notes-=appender");
    assertThat(onlyNotes.allows(APPEND, StreamId.of("other-1"), roles("appender", "admin")))
        .isFalse();
    assertThat(onlyNotes.allows(READ, StreamId.of("notes-1"), roles("appender", "reader")))
        .isFalse();
  }

  @Test
  void theFeedNeedsReadPermissionOnEveryStream() {
    assertThat(CONFIGURED.allowsReadingEverything(roles("reader"))).isFalse();
    assertThat(CONFIGURED.allowsReadingEverything(roles("admin"))).isTrue();
    assertThat(
            StreamPermissions.parse("read:notes-=reader").allowsReadingEverything(roles("reader")))
        .as("no rule for every stream")
        .isFalse();
  }

  @Test
  void theDefaultLetsReadersReadAndAppendersAppendEverywhere() {
    StreamPermissions defaults = StreamPermissions.parse(StreamPermissions.DEFAULT);
    StreamId any = StreamId.of("anything-1");
    assertThat(defaults.allows(READ, any, roles("reader"))).isTrue();
    assertThat(defaults.allows(APPEND, any, roles("reader"))).isFalse();
    assertThat(defaults.allows(APPEND, any, roles("appender"))).isTrue();
    assertThat(defaults.allows(READ, any, roles("appender"))).isFalse();
    assertThat(defaults.allows(READ, any, roles("commander", "operator"))).isFalse();
    assertThat(defaults.allowsReadingEverything(roles("reader"))).isTrue();
  }

  @Test
  void aMalformedRuleIsRefusedNamingIt() {
    assertThatThrownBy(() -> StreamPermissions.parse("write:*=admin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'write:*=admin'")
        .hasMessageContaining(StreamPermissions.CONFIG_KEY);
    assertThatThrownBy(() -> StreamPermissions.parse("read=admin"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamPermissions.parse("read:=admin"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
