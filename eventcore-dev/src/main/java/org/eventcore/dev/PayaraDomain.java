package org.eventcore.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A Payara Server domain made ready for EventCore by editing its {@code config/domain.xml} while
 * the domain is stopped (no {@code asadmin}, no running server): the connection pool {@value #POOL}
 * and the JDBC resource {@value #JNDI_NAME} that EventCore's persistence unit and code use (ADR
 * 0011), the system properties the application reads (the bearer-token keys, {@code
 * mp.jwt.verify.*}), every port the domain listens on, the HTTP port's request threads and limits,
 * and EventCore's structured log ({@code config/logging.properties}).
 *
 * <p>The same settings as WildFly's data source, from the same environment variables ({@link
 * Settings#fromEnvironment}): {@code EVENTCORE_DB_URL}, {@code EVENTCORE_DB_USER}, {@code
 * EVENTCORE_DB_PASSWORD}, {@code EVENTCORE_DB_POOL_MAX}, {@code EVENTCORE_DB_POOL_WAIT_MS}, {@code
 * EVENTCORE_DB_CONNECT_TIMEOUT_SECONDS} and {@code EVENTCORE_DB_SOCKET_TIMEOUT_SECONDS}; like
 * WildFly's, the pool validates connections, drops them all when one fails, and ends a transaction
 * left idle after 10 s. The values are written into the domain (Payara resolves no variable in a
 * pool's attributes), so a change needs a new {@code configure} and a restart. The PostgreSQL
 * driver must be in the domain's {@code lib/} (the build puts it there). Applying the settings
 * twice gives the same {@code domain.xml}.
 *
 * <p>Ports: HTTP, HTTPS and administration can be chosen; all the others (IIOP, JMX, JMS, OSGi
 * shell, debugger, Hazelcast) are Payara's defaults plus the offset, so that two domains with
 * different offsets run side by side.
 */
public final class PayaraDomain {

  /** Request threads of the HTTP port: WildFly's default, 16 per core (Payara's default: 5). */
  static final int HTTP_THREADS = 16 * Runtime.getRuntime().availableProcessors();

  /** Concurrent HTTP/2 streams per connection on the HTTP port (Grizzly's default: 100). */
  static final int HTTP2_MAX_STREAMS = 1000;

  /**
   * Bytes of a request's head — the request line with its query and the headers — on the HTTP port,
   * HTTP/1.1 and HTTP/2 alike (Grizzly's defaults: 8192 for HTTP/1.1, 4096 for HTTP/2; WildFly's
   * Undertow reads 1 MB).
   */
  static final int MAX_REQUEST_HEAD = 65536;

  /**
   * The domain's connection pool. Its name has no {@code /}: Payara's MicroProfile Metrics reports
   * every pool as {@code healthcheck-cpool/<pool>#...} and answers {@code /metrics} with 500 for a
   * pool name with a slash, as every application-scoped pool's ({@code java:app/...}) has.
   */
  public static final String POOL = "EventCorePool";

  /** The JDBC resource: EventCore's data source on both servers (EventCoreDataSource). */
  public static final String JNDI_NAME = "java:global/jdbc/EventCoreDS";

  /** System properties of an earlier layout (an application-scoped pool read them); removed. */
  private static final List<String> EARLIER_PROPERTIES =
      List.of("eventcore.db.url", "eventcore.db.user", "eventcore.db.password");

  private final Path directory;

  private PayaraDomain(Path directory) {
    this.directory = directory;
  }

  /** The domain in {@code directory} (e.g. {@code payara6/glassfish/domains/domain1}). */
  public static PayaraDomain at(Path directory) {
    if (!Files.isRegularFile(directory.resolve("config/domain.xml"))) {
      throw new IllegalArgumentException("No Payara domain in " + directory);
    }
    return new PayaraDomain(directory);
  }

  /**
   * Copies the domain {@code source} to {@code target} (replacing what is there), leaving out its
   * logs and caches, and returns the copy.
   */
  public static PayaraDomain copy(Path source, Path target) throws IOException {
    at(source);
    deleteRecursively(target);
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path relative = source.relativize(path);
        String first = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
        if (first.equals("logs")
            || first.equals("osgi-cache")
            || first.equals("generated")
            || first.equals("applications")
            || first.equals("session-store")
            || first.equals("imq")) {
          continue;
        }
        Path destination = target.resolve(relative.toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return at(target);
  }

  public Path directory() {
    return directory;
  }

  public String name() {
    return directory.getFileName().toString();
  }

  /** Writes the settings into {@code domain.xml}. */
  public void configure(Settings settings) throws IOException {
    Path file = directory.resolve("config/domain.xml");
    Document document = read(file);
    Element config = single(document, "/domain/configs/config[@name='server-config']");
    int offset = settings.portOffset();
    attribute(config, "network-config/network-listeners/network-listener[@name='http-listener-1']")
        .setAttribute("port", Integer.toString(settings.httpPort()));
    attribute(config, "network-config/network-listeners/network-listener[@name='http-listener-2']")
        .setAttribute("port", Integer.toString(8181 + offset));
    attribute(config, "network-config/network-listeners/network-listener[@name='admin-listener']")
        .setAttribute("port", Integer.toString(settings.adminPort()));
    attribute(config, "iiop-service/iiop-listener[@id='orb-listener-1']")
        .setAttribute("port", Integer.toString(3700 + offset));
    attribute(config, "iiop-service/iiop-listener[@id='SSL']")
        .setAttribute("port", Integer.toString(3820 + offset));
    attribute(config, "iiop-service/iiop-listener[@id='SSL_MUTUALAUTH']")
        .setAttribute("port", Integer.toString(3920 + offset));
    attribute(config, "admin-service/jmx-connector[@name='system']")
        .setAttribute("port", Integer.toString(8686 + offset));
    attribute(config, "system-property[@name='JMS_PROVIDER_PORT']")
        .setAttribute("value", Integer.toString(7676 + offset));
    Element java = attribute(config, "java-config");
    java.setAttribute(
        "debug-options",
        java.getAttribute("debug-options")
            .replaceFirst("address=\\d+", "address=" + (9009 + offset)));
    NodeList options = java.getElementsByTagName("jvm-options");
    for (int i = 0; i < options.getLength(); i++) {
      Node option = options.item(i);
      if (option.getTextContent().startsWith("-Dosgi.shell.telnet.port=")) {
        option.setTextContent("-Dosgi.shell.telnet.port=" + (6666 + offset));
      }
    }
    Element hazelcast = single(document, "/domain/hazelcast-runtime-configuration");
    hazelcast.setAttribute("start-port", Integer.toString(5900 + offset));
    hazelcast.setAttribute("das-port", Integer.toString(4900 + offset));

    // Request threads of the HTTP port: Payara's http-thread-pool has no size in domain1, and its
    // default is 5 threads, so a sixth concurrent request waits in the queue while the five wait
    // on the database (W4 at 16 clients: p50 96 ms, 0.54x WildFly's rate). WildFly's default
    // worker has 16 task threads per core; the same here.
    attribute(config, "thread-pools/thread-pool[@name='http-thread-pool']")
        .setAttribute("max-thread-pool-size", Integer.toString(HTTP_THREADS));

    // the groups of a bearer token are the caller's roles (@RolesAllowed), with no role mapping in
    // the application, as on WildFly
    attribute(config, "security-service")
        .setAttribute("activate-default-principal-to-role-mapping", "true");

    // The request head: Grizzly answers a request line or headers over its buffer (8 KB for
    // HTTP/1.1) with a bare 400 before the application sees it, and a header block over its
    // HTTP/2 limit (4 KB) with 431, which also leaves that HTTP/2 connection unusable for the
    // client's later requests. A query of a few kilobytes (a long cursor, a list of ids) reaches
    // the application with 64 KB, which answers it itself, as on WildFly (ADR 0011).
    // HTTP/2 on the HTTP port (h2c, which the JDK's HttpClient asks for): Grizzly's default of
    // 100 concurrent streams per connection leaves a client that multiplexes its server-sent-event
    // subscriptions over one connection without an answer beyond the 100th. h2c stays on:
    // switched off, Grizzly leaves the body of a request that asks for the upgrade unread, and
    // every
    // JDK HttpClient POST hangs (eclipse-ee4j/glassfish-grizzly#2117).
    Element http =
        attribute(config, "network-config/protocols/protocol[@name='http-listener-1']/http");
    http.setAttribute("header-buffer-length-bytes", Integer.toString(MAX_REQUEST_HEAD));
    http.setAttribute("http2-max-concurrent-streams", Integer.toString(HTTP2_MAX_STREAMS));
    http.setAttribute("http2-max-header-list-size-in-bytes", Integer.toString(MAX_REQUEST_HEAD));
    // A GET (or HEAD, DELETE, ...) with a body: Grizzly's HTTP parser answers it 400 with no body
    // itself (HttpServerFilter, "payload for undefined HTTP methods"), before the web container
    // sees it, and closes the connection. Let it through, as WildFly does: the application answers
    // it (the body is ignored) and the container discards the body before the next request on the
    // connection is read (ADR 0011).
    http.setAttribute("allow-payload-for-undefined-http-methods", "true");

    configureDataSource(document, settings);
    write(document, file);
    configureStructuredLog();
  }

  /** The file of EventCore's structured log (ADR 0015): JSON lines, a new file every 50 MB. */
  public Path structuredLog() {
    return directory.toAbsolutePath().resolve("logs").resolve("eventcore.json.log.0");
  }

  /**
   * EventCore's structured log ({@code org.eventcore.log.*} loggers, one JSON object per message;
   * ADR 0015) into a file of its own, {@link #structuredLog()}, one line per message and not into
   * {@code server.log} — as WildFly's {@code EVENTCORE_JSON} handler does. Payara's own handlers
   * (its {@code GFFileHandler}) format every record in Payara's formats, so the JDK's {@code
   * FileHandler} with the JDK's {@code SimpleFormatter} set to the message alone writes the lines;
   * it keeps the current file and nine older ones of 50 MB each ({@code eventcore.json.log.0} is
   * the current one). The keys go into the domain's {@code config/logging.properties}, the file
   * {@code asadmin set-log-attributes} writes.
   */
  private void configureStructuredLog() throws IOException {
    Path file = directory.resolve("config/logging.properties");
    Path pattern = structuredLog().resolveSibling("eventcore.json.log.%g");
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("org.eventcore.log.handlers", "java.util.logging.FileHandler");
    settings.put("org.eventcore.log.useParentHandlers", "false");
    settings.put("java.util.logging.FileHandler.pattern", pattern.toString().replace("\\", "/"));
    settings.put("java.util.logging.FileHandler.append", "true");
    settings.put("java.util.logging.FileHandler.limit", Integer.toString(50 * 1024 * 1024));
    settings.put("java.util.logging.FileHandler.count", "10");
    settings.put("java.util.logging.FileHandler.encoding", "UTF-8");
    settings.put("java.util.logging.FileHandler.formatter", "java.util.logging.SimpleFormatter");
    settings.put("java.util.logging.SimpleFormatter.format", "%5$s%n");
    List<String> lines = new ArrayList<>();
    Map<String, String> missing = new LinkedHashMap<>(settings);
    for (String line : Files.exists(file) ? Files.readAllLines(file) : List.<String>of()) {
      String key = line.contains("=") ? line.substring(0, line.indexOf('=')).trim() : "";
      if (settings.containsKey(key)) {
        if (missing.remove(key) != null) {
          lines.add(key + "=" + settings.get(key));
        }
      } else {
        lines.add(line);
      }
    }
    missing.forEach((key, value) -> lines.add(key + "=" + value));
    Files.write(file, lines);
    Files.createDirectories(structuredLog().getParent());
  }

  /**
   * The pool {@value #POOL} and the resource {@value #JNDI_NAME} on it, referenced by the server
   * (replacing those of an earlier {@code configure}); the settings WildFly's data source has in
   * {@code server-config}'s {@code eventcore.cli}.
   */
  private static void configureDataSource(Document document, Settings settings) {
    Element resources = single(document, "/domain/resources");
    NodeList earlier = select(resources, "jdbc-resource[@pool-name='" + POOL + "']");
    for (int i = 0; i < earlier.getLength(); i++) {
      String name = ((Element) earlier.item(i)).getAttribute("jndi-name");
      removeAll(document.getDocumentElement(), "servers/server/resource-ref[@ref='" + name + "']");
    }
    removeAll(resources, "jdbc-connection-pool[@name='" + POOL + "']");
    removeAll(resources, "jdbc-resource[@pool-name='" + POOL + "']");

    Element pool = document.createElement("jdbc-connection-pool");
    pool.setAttribute("name", POOL);
    pool.setAttribute("datasource-classname", "org.postgresql.ds.PGSimpleDataSource");
    pool.setAttribute("res-type", "javax.sql.DataSource");
    pool.setAttribute("steady-pool-size", "0");
    pool.setAttribute("max-pool-size", Integer.toString(settings.poolMax()));
    pool.setAttribute("pool-resize-quantity", "1");
    pool.setAttribute("max-wait-time-in-millis", Long.toString(settings.poolWaitMillis()));
    pool.setAttribute("is-connection-validation-required", "true");
    pool.setAttribute("connection-validation-method", "custom-validation");
    pool.setAttribute(
        "validation-classname", "org.glassfish.api.jdbc.validation.PostgresConnectionValidation");
    pool.setAttribute("fail-all-connections", "true");
    pool.setAttribute("init-sql", "set idle_in_transaction_session_timeout = 10000");
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("URL", settings.url());
    properties.put("user", settings.user());
    // Payara's pool requires a password property, even for a database without one
    properties.put("password", settings.password().isEmpty() ? "unused" : settings.password());
    properties.put("connectTimeout", Integer.toString(settings.connectTimeoutSeconds()));
    properties.put("loginTimeout", Integer.toString(settings.connectTimeoutSeconds()));
    properties.put("socketTimeout", Integer.toString(settings.socketTimeoutSeconds()));
    for (Map.Entry<String, String> property : properties.entrySet()) {
      Element element = document.createElement("property");
      element.setAttribute("name", property.getKey());
      element.setAttribute("value", property.getValue());
      pool.appendChild(element);
    }
    resources.appendChild(pool);
    Element resource = document.createElement("jdbc-resource");
    resource.setAttribute("jndi-name", JNDI_NAME);
    resource.setAttribute("pool-name", POOL);
    resources.appendChild(resource);
    Element server = single(document, "/domain/servers/server[@name='server']");
    Element reference = document.createElement("resource-ref");
    reference.setAttribute("ref", JNDI_NAME);
    server.appendChild(reference);

    Element config = single(document, "/domain/configs/config[@name='server-config']");
    Map<String, String> systemProperties = new LinkedHashMap<>();
    EARLIER_PROPERTIES.forEach(name -> systemProperties.put(name, null));
    systemProperties.putAll(settings.systemProperties());
    for (String name : systemProperties.keySet()) {
      removeAll(config, "system-property[@name='" + name + "']");
    }
    Node firstProperty = select(config, "system-property").item(0);
    for (Map.Entry<String, String> property : settings.systemProperties().entrySet()) {
      Element element = document.createElement("system-property");
      element.setAttribute("name", property.getKey());
      element.setAttribute("value", property.getValue());
      config.insertBefore(element, firstProperty);
    }
  }

  /**
   * The domain's settings.
   *
   * @param httpPort the HTTP listener (API, health, metrics)
   * @param adminPort the administration listener ({@code asadmin}, REST deployments)
   * @param portOffset added to Payara's default of every other port
   * @param url the PostgreSQL JDBC URL
   * @param poolMax the largest number of pooled connections
   * @param poolWaitMillis the longest wait for a free pooled connection
   * @param connectTimeoutSeconds the longest wait to connect and log in to the database
   * @param socketTimeoutSeconds the longest wait for any answer of the database
   * @param systemProperties further system properties of the server (e.g. {@code
   *     mp.jwt.verify.publickey.location}), written as the domain's {@code system-property}
   */
  public record Settings(
      int httpPort,
      int adminPort,
      int portOffset,
      String url,
      String user,
      String password,
      int poolMax,
      long poolWaitMillis,
      int connectTimeoutSeconds,
      int socketTimeoutSeconds,
      Map<String, String> systemProperties) {

    public Settings {
      systemProperties = Collections.unmodifiableMap(new TreeMap<>(systemProperties));
    }

    /**
     * Payara's default ports plus {@code offset}, with the given database and WildFly's defaults.
     */
    public static Settings withOffset(
        int offset, String url, String user, String password, int poolMax) {
      return new Settings(
          8080 + offset, 4848 + offset, offset, url, user, password, poolMax, 1000, 2, 2, Map.of());
    }

    /**
     * Default ports and the database of {@code EVENTCORE_DB_URL}, {@code EVENTCORE_DB_USER}, {@code
     * EVENTCORE_DB_PASSWORD}, {@code EVENTCORE_DB_POOL_MAX}, {@code EVENTCORE_DB_POOL_WAIT_MS},
     * {@code EVENTCORE_DB_CONNECT_TIMEOUT_SECONDS} and {@code EVENTCORE_DB_SOCKET_TIMEOUT_SECONDS},
     * with WildFly's defaults where they are not set ({@code
     * jdbc:postgresql://localhost:55432/eventcore}, {@code postgres}, {@code postgres}, 32, 1000
     * ms, 2 s, 2 s).
     */
    public static Settings fromEnvironment(Map<String, String> environment) {
      return new Settings(
          8080,
          4848,
          0,
          environment.getOrDefault(
              "EVENTCORE_DB_URL", "jdbc:postgresql://localhost:55432/eventcore"),
          environment.getOrDefault("EVENTCORE_DB_USER", "postgres"),
          environment.getOrDefault("EVENTCORE_DB_PASSWORD", "postgres"),
          number(environment, "EVENTCORE_DB_POOL_MAX", 32),
          number(environment, "EVENTCORE_DB_POOL_WAIT_MS", 1000),
          number(environment, "EVENTCORE_DB_CONNECT_TIMEOUT_SECONDS", 2),
          number(environment, "EVENTCORE_DB_SOCKET_TIMEOUT_SECONDS", 2),
          Map.of());
    }

    private static int number(Map<String, String> environment, String name, int defaultValue) {
      String value = environment.get(name);
      if (value == null || value.isBlank()) {
        return defaultValue;
      }
      try {
        int number = Integer.parseInt(value.trim());
        if (number < 0) {
          throw new NumberFormatException();
        }
        return number;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + "=" + value + " is not a number of 0 or more");
      }
    }

    public Settings withPorts(int http, int admin, int offset) {
      return new Settings(
          http,
          admin,
          offset,
          url,
          user,
          password,
          poolMax,
          poolWaitMillis,
          connectTimeoutSeconds,
          socketTimeoutSeconds,
          systemProperties);
    }

    /** These settings with the database at {@code url} (pool settings unchanged). */
    public Settings withDatabase(String url, String user, String password) {
      return new Settings(
          httpPort,
          adminPort,
          portOffset,
          url,
          user,
          password,
          poolMax,
          poolWaitMillis,
          connectTimeoutSeconds,
          socketTimeoutSeconds,
          systemProperties);
    }

    /** These settings with the server's system properties {@code properties} added. */
    public Settings withSystemProperties(Map<String, String> properties) {
      Map<String, String> all = new LinkedHashMap<>(systemProperties);
      all.putAll(properties);
      return new Settings(
          httpPort,
          adminPort,
          portOffset,
          url,
          user,
          password,
          poolMax,
          poolWaitMillis,
          connectTimeoutSeconds,
          socketTimeoutSeconds,
          all);
    }
  }

  /**
   * The build's step: {@code PayaraDomain <domain directory>} configures the domain with the
   * default ports and the database settings of the environment ({@link Settings#fromEnvironment}).
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("Usage: PayaraDomain <domain directory>");
    }
    PayaraDomain domain = at(Path.of(args[0]));
    Settings settings = Settings.fromEnvironment(System.getenv());
    domain.configure(settings);
    System.out.println(
        "Configured the Payara domain "
            + domain.directory()
            + ": HTTP "
            + settings.httpPort()
            + ", admin "
            + settings.adminPort()
            + ", database "
            + settings.url());
  }

  private static Document read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      return factory.newDocumentBuilder().parse(in);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void write(Document document, Path file) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(temporary)) {
      var transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      transformer.transform(new DOMSource(document), new StreamResult(out));
    } catch (TransformerException e) {
      throw new IOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
  }

  private static NodeList select(Node context, String expression) {
    try {
      return (NodeList)
          XPathFactory.newInstance()
              .newXPath()
              .evaluate(expression, context, XPathConstants.NODESET);
    } catch (XPathExpressionException e) {
      throw new IllegalArgumentException(expression, e);
    }
  }

  private static Element single(Node context, String expression) {
    NodeList nodes = select(context, expression);
    if (nodes.getLength() != 1) {
      throw new IllegalStateException(
          "Expected one " + expression + " in domain.xml, found " + nodes.getLength());
    }
    return (Element) nodes.item(0);
  }

  private static Element attribute(Element config, String expression) {
    return single(config, expression);
  }

  private static void removeAll(Element parent, String expression) {
    NodeList nodes = select(parent, expression);
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      node.getParentNode().removeChild(node);
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
