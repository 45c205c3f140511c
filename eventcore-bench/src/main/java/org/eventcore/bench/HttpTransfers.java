package org.eventcore.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eventcore.bench.load.BenchData;
import org.eventcore.bench.load.LoadLoop;
import org.eventcore.bench.load.Measurement;

/**
 * W4: {@code POST /api/v1/transfers} from this JVM, one HTTP/1.1 client (one keep-alive connection)
 * per load client. The server's retries are read from the answer's {@code attempts}; a {@code 409}
 * (retries exhausted) is sent again until the transfer succeeds.
 */
final class HttpTransfers {

  private static final Pattern ATTEMPTS = Pattern.compile("\"attempts\"\\s*:\\s*(\\d+)");

  private final URI transfers;

  private final String authorization;

  HttpTransfers(String baseUrl, String token) {
    this.transfers = URI.create(baseUrl + "/api/v1/transfers");
    this.authorization = "Bearer " + token;
  }

  Measurement run(String point, int accounts, int clients, Duration warmup, Duration measured)
      throws InterruptedException {
    List<HttpClient> httpClients = new ArrayList<>();
    for (int k = 0; k < clients; k++) {
      httpClients.add(
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build());
    }
    return LoadLoop.run(
        clients,
        warmup,
        measured,
        i -> {
          HttpClient http = httpClients.get(i);
          return client -> {
            int[] pair = BenchData.distinctPair(client.random(), accounts);
            int from = pair[0];
            int to = pair[1];
            String body =
                "{\"from\":\""
                    + BenchData.accountId(point, from)
                    + "\",\"to\":\""
                    + BenchData.accountId(point, to)
                    + "\",\"amount\":1}";
            HttpRequest request =
                HttpRequest.newBuilder(transfers)
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .header("X-Correlation-Id", BenchData.newCorrelationId())
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            while (true) {
              HttpResponse<String> response =
                  http.send(request, HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() == 200) {
                Matcher attempts = ATTEMPTS.matcher(response.body());
                int count = attempts.find() ? Integer.parseInt(attempts.group(1)) : 1;
                for (int k = 1; k < count; k++) {
                  client.conflict();
                }
                client.retries(count - 1);
                client.events(2);
                return;
              }
              if (response.statusCode() == 409) {
                client.conflict();
                client.retries(1);
                continue;
              }
              throw new IllegalStateException(
                  "POST /api/v1/transfers answered "
                      + response.statusCode()
                      + ": "
                      + response.body());
            }
          };
        },
        () -> {});
  }
}
