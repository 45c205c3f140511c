package org.eventcore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The tar reader that takes Message DB's SQL out of its npm package (no network here). */
class MessageDbPeerTest {

  private static void entry(ByteArrayOutputStream tar, String prefix, String name, byte[] content) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 124, String.format("%011o", content.length));
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 345, prefix);
    tar.writeBytes(header);
    tar.writeBytes(content);
    tar.writeBytes(new byte[(512 - content.length % 512) % 512]);
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  @Test
  void readsEverySqlFileWithItsPathAndWholeContentAcrossBlocks() throws IOException {
    String longSql = "select 1;\n".repeat(70); // 700 bytes: two blocks
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    entry(tar, "", "package/database/install.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
    entry(
        tar,
        "",
        "package/database/functions/write-message.sql",
        longSql.getBytes(StandardCharsets.UTF_8));
    entry(
        tar,
        "package/database",
        "tables/messages.sql",
        "create table messages ();".getBytes(StandardCharsets.UTF_8));
    tar.writeBytes(new byte[1024]); // the end of the archive
    ByteArrayOutputStream tgz = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(tgz)) {
      gzip.write(tar.toByteArray());
    }

    Map<String, String> files = MessageDbPeer.sqlFiles(tgz.toByteArray());

    assertThat(files)
        .containsOnlyKeys(
            "package/database/functions/write-message.sql", "package/database/tables/messages.sql");
    assertThat(files.get("package/database/functions/write-message.sql")).isEqualTo(longSql);
    assertThat(files.get("package/database/tables/messages.sql"))
        .isEqualTo("create table messages ();");
  }

  @Test
  void streamsAreSpreadOverSixtyFourCategories() {
    assertThat(MessageDbPeer.stream("w1-msgdb-c1-r1", 65)).isEqualTo("account1-w1-msgdb-c1-r1-65");
    assertThat(MessageDbPeer.stream("w1-msgdb-c1-r1", 64)).isEqualTo("account0-w1-msgdb-c1-r1-64");
  }
}
