package org.eventcore.interfaces.rest.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.NewEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;
import org.eventcore.interfaces.rest.problem.ReservedStreamException;
import org.junit.jupiter.api.Test;

class ReservedStreamPrefixesTest {

  private static final ReservedStreamPrefixes SERVICE =
      ReservedStreamPrefixes.parse("account-,order-,inventory-,shipment-");

  private static StreamWrite write(String stream) {
    return new StreamWrite(
        StreamId.of(stream),
        ExpectedVersion.any(),
        List.of(NewEvent.of("Noted", "{}", EventMetadata.EMPTY)));
  }

  @Test
  void aConfigurationValueIsSplitAtCommasTrimmedAndFreedOfBlanksAndRepeats() {
    assertThat(ReservedStreamPrefixes.parse(" account-, ,order-,account-,").prefixes())
        .containsExactly("account-", "order-");
    assertThat(ReservedStreamPrefixes.parse("").prefixes()).isEmpty();
    assertThat(ReservedStreamPrefixes.none().prefixes()).isEmpty();
  }

  @Test
  void aStreamIsReservedWhenItsIdStartsWithAPrefixCaseSensitively() {
    assertThat(SERVICE.reservingPrefix(StreamId.of("account-alice"))).contains("account-");
    assertThat(SERVICE.reservingPrefix(StreamId.of("shipment-42"))).contains("shipment-");
    assertThat(SERVICE.reservingPrefix(StreamId.of("notes-1"))).isEmpty();
    assertThat(SERVICE.reservingPrefix(StreamId.of("my-account-alice"))).isEmpty();
    assertThat(SERVICE.reservingPrefix(StreamId.of("Account-alice"))).isEmpty();
    assertThat(SERVICE.reservingPrefix(StreamId.of("account"))).isEmpty();
  }

  @Test
  void theLongestMatchingPrefixIsNamed() {
    ReservedStreamPrefixes nested = ReservedStreamPrefixes.parse("acc,account-");
    assertThat(nested.reservingPrefix(StreamId.of("account-alice"))).contains("account-");
    assertThat(nested.reservingPrefix(StreamId.of("accrual-1"))).contains("acc");
  }

  @Test
  void nothingIsReservedByDefault() {
    assertThatCode(() -> ReservedStreamPrefixes.none().checkRawAppend(StreamId.of("account-a")))
        .doesNotThrowAnyException();
  }

  @Test
  void aRawAppendToAReservedStreamIsRefusedNamingStreamAndPrefix() {
    assertThatThrownBy(() -> SERVICE.checkRawAppend(StreamId.of("account-alice")))
        .isInstanceOfSatisfying(
            ReservedStreamException.class,
            e -> {
              assertThat(e.streamId()).isEqualTo(StreamId.of("account-alice"));
              assertThat(e.prefix()).isEqualTo("account-");
            })
        .hasMessageContaining("account-alice")
        .hasMessageContaining("'account-'")
        .hasMessageContaining("command model")
        .hasMessageContaining("command API")
        .hasMessageContaining("nothing was written");
    assertThatCode(() -> SERVICE.checkRawAppend(StreamId.of("notes-1"))).doesNotThrowAnyException();
  }

  @Test
  void aMultiStreamAppendWritingOneReservedStreamIsRefusedAsAWhole() {
    assertThatThrownBy(() -> SERVICE.checkRawAppend(List.of(write("notes-1"), write("order-7"))))
        .isInstanceOfSatisfying(
            ReservedStreamException.class,
            e -> assertThat(e.streamId()).isEqualTo(StreamId.of("order-7")));
    assertThatCode(() -> SERVICE.checkRawAppend(List.of(write("notes-1"), write("notes-2"))))
        .doesNotThrowAnyException();
  }

  @Test
  void onlyCheckingTheVersionOfAReservedStreamIsAReadAndPasses() {
    assertThatCode(
            () ->
                SERVICE.checkRawAppend(
                    List.of(
                        write("notes-1"),
                        StreamWrite.checkOnly(
                            StreamId.of("account-alice"), ExpectedVersion.exact(1)))))
        .doesNotThrowAnyException();
  }

  @Test
  void blankOrRepeatedPrefixesAreNotAValidPolicy() {
    assertThatThrownBy(() -> new ReservedStreamPrefixes(List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReservedStreamPrefixes(List.of(" account-")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReservedStreamPrefixes(List.of("a-", "a-")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
