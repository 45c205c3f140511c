package org.eventcore.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.http.HttpResponse;

/** Calls of the example API used by several tests. */
final class Api {

  private Api() {}

  /** A name made unique per call, so that tests need no clean database. */
  static String fresh(String name) {
    return name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  static String url(String path) {
    return Http.app() + "/api/v1" + path;
  }

  static JsonObject json(HttpResponse<String> response) {
    try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
      return reader.readObject();
    }
  }

  static HttpResponse<String> openAccount(String id, long balance) {
    return Http.postJson(
        url("/accounts"),
        "{\"accountId\":\""
            + id
            + "\",\"owner\":\"Owner of "
            + id
            + "\",\"initialBalance\":"
            + balance
            + "}");
  }

  static HttpResponse<String> transfer(String from, String to, long amount) {
    return Http.postJson(
        url("/transfers"),
        "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount + "}");
  }

  static HttpResponse<String> withdraw(String id, long amount) {
    return Http.postJson(url("/accounts/" + id + "/withdrawals"), "{\"amount\":" + amount + "}");
  }

  static long balance(String id) {
    HttpResponse<String> response = Http.get(url("/accounts/" + id));
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET account " + id + ": " + response.statusCode() + " " + response.body());
    }
    return json(response).getJsonNumber("balance").longValue();
  }
}
