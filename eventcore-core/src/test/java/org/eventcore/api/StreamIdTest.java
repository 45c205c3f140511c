package org.eventcore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamIdTest {

  @Test
  void acceptsAnOrdinaryId() {
    assertThat(StreamId.of("account-42").value()).isEqualTo("account-42");
  }

  @Test
  void acceptsExactly255Characters() {
    assertThat(StreamId.of("a".repeat(255)).value()).hasSize(255);
  }

  @Test
  void rejectsMoreThan255Characters() {
    assertThatThrownBy(() -> StreamId.of("a".repeat(256)))
        .isInstanceOf(InvalidStreamIdException.class)
        .hasMessageContaining("at most 255 characters, was 256");
  }

  @Test
  void rejectsBlankIds() {
    assertThatThrownBy(() -> StreamId.of("  \t"))
        .isInstanceOf(InvalidStreamIdException.class)
        .hasMessageContaining("blank");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> StreamId.of(null)).isInstanceOf(InvalidStreamIdException.class);
  }

  @Test
  void rejectsControlCharactersAndSaysWhere() {
    assertThatThrownBy(() -> StreamId.of("account\n42"))
        .isInstanceOf(InvalidStreamIdException.class)
        .hasMessageContaining("U+000A at index 7");
  }

  @Test
  void ordersByText() {
    assertThat(StreamId.of("a-2")).isGreaterThan(StreamId.of("a-1"));
  }
}
