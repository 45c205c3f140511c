package org.eventcore.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay from a local port to a target, which a test can cut (every connection closed, new
 * ones refused) and restore, to make a real server lose its database and get it back; stall (bytes
 * held back in both directions, connections left open, as a hanging database does) and resume; or
 * arm to break one connection exactly at the commit of a transaction ({@link #breakAtCommit}).
 */
final class TcpProxy implements AutoCloseable {

  private volatile String targetHost;
  private volatile int targetPort;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listener;
  private volatile CommitTrap trap;
  private final Object stallLock = new Object();
  private boolean stalled;

  /** Where {@link #breakAtCommit} breaks the connection. */
  enum AtCommit {
    /** The COMMIT never reaches the database: the transaction rolls back. */
    BEFORE_THE_DATABASE_SEES_IT,
    /** The database commits, and its answer never reaches the client. */
    AFTER_THE_DATABASE_COMMITTED
  }

  /** An armed trigger: fires once, on the first connection that carried the marker. */
  private static final class CommitTrap {
    final byte[] marker;
    final AtCommit where;
    final CompletableFuture<Void> fired = new CompletableFuture<>();
    final AtomicBoolean taken = new AtomicBoolean();

    CommitTrap(String marker, AtCommit where) {
      this.marker = marker.getBytes(StandardCharsets.UTF_8);
      this.where = where;
    }
  }

  TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.port = first.getLocalPort();
    listen(first);
  }

  int port() {
    return port;
  }

  /** New connections go to this target from now on (a database restarted on another port). */
  void retarget(String host, int port) {
    this.targetHost = host;
    this.targetPort = port;
  }

  /** Closes every relayed connection and refuses new ones until {@link #restore()}. */
  synchronized void cut() throws IOException {
    ServerSocket current = listener;
    listener = null;
    if (current != null) {
      current.close();
    }
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  /** Accepts connections again, on the same port. */
  synchronized void restore() throws IOException {
    if (listener != null) {
      return;
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    listen(socket);
  }

  private void listen(ServerSocket socket) {
    listener = socket;
    Thread acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  relay(socket.accept());
                } catch (IOException e) {
                  return; // closed by cut() or close()
                }
              }
            },
            "tcp-proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Arms a one-shot trap: the first relayed connection whose client sends {@code marker} (e.g. a
   * stream id that only the command under test uses) is broken when that client next sends a
   * COMMIT, {@code where} says on which side of the database's commit. The future completes when it
   * fired.
   */
  CompletableFuture<Void> breakAtCommit(String marker, AtCommit where) {
    CommitTrap armed = new CommitTrap(marker, where);
    trap = armed;
    return armed.fired;
  }

  /** Holds back every byte in both directions (connections stay open) until {@link #resume()}. */
  void stall() {
    synchronized (stallLock) {
      stalled = true;
    }
  }

  void resume() {
    synchronized (stallLock) {
      stalled = false;
      stallLock.notifyAll();
    }
  }

  private void awaitNotStalled() throws IOException {
    synchronized (stallLock) {
      while (stalled) {
        try {
          stallLock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while stalled", e);
        }
      }
    }
  }

  private void relay(Socket client) {
    try {
      Socket upstream = new Socket(targetHost, targetPort);
      sockets.add(client);
      sockets.add(upstream);
      Link link = new Link();
      pump(client, upstream, link, true);
      pump(upstream, client, link, false);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  /** What the two pumps of one relayed connection share. */
  private static final class Link {
    volatile CommitTrap carrying;
    volatile boolean dropAnswers;
    final ClientMessages fromClient = new ClientMessages();
  }

  /**
   * Reads the PostgreSQL frontend protocol a client sends, just enough to see a COMMIT: as a simple
   * query, or as the Bind of a statement prepared from "COMMIT" (the driver prepares its COMMIT on
   * the server after a few uses, and from then on sends only the statement's name).
   */
  private static final class ClientMessages {
    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Map<String, String> statements = new HashMap<>();
    private boolean started;
    private boolean unreadable;

    /** Takes the next bytes; true when they complete a COMMIT. */
    boolean commitIn(byte[] buffer, int length) {
      if (unreadable) {
        return false;
      }
      pending.write(buffer, 0, length);
      byte[] bytes = pending.toByteArray();
      ByteBuffer in = ByteBuffer.wrap(bytes);
      boolean commit = false;
      while (true) {
        in.mark();
        if (!started) {
          if (in.remaining() < 8) {
            break;
          }
          int size = in.getInt();
          int code = in.getInt();
          if (size < 8) {
            unreadable = true;
            return false;
          }
          if (in.remaining() < size - 8) {
            in.reset();
            break;
          }
          in.position(in.position() + size - 8);
          started = code != SSL_REQUEST && code != GSS_REQUEST;
          continue;
        }
        if (in.remaining() < 5) {
          break;
        }
        byte type = in.get();
        int size = in.getInt();
        if (size < 4) {
          unreadable = true; // not the plain protocol (e.g. TLS): never a trap here
          return false;
        }
        if (in.remaining() < size - 4) {
          in.reset();
          break;
        }
        byte[] body = new byte[size - 4];
        in.get(body);
        if (type == 'Q') {
          commit |= isCommit(cString(body, 0));
        } else if (type == 'P') {
          String name = cString(body, 0);
          statements.put(name, cString(body, name.getBytes(StandardCharsets.UTF_8).length + 1));
        } else if (type == 'B') {
          String portal = cString(body, 0);
          String statement = cString(body, portal.getBytes(StandardCharsets.UTF_8).length + 1);
          commit |= isCommit(statements.getOrDefault(statement, ""));
        }
      }
      pending.reset();
      pending.write(bytes, in.position(), bytes.length - in.position());
      return commit;
    }

    private static boolean isCommit(String sql) {
      return sql.trim().equalsIgnoreCase("COMMIT");
    }

    private static String cString(byte[] body, int from) {
      int end = from;
      while (end < body.length && body[end] != 0) {
        end++;
      }
      return new String(body, from, end - from, StandardCharsets.UTF_8);
    }
  }

  private void pump(Socket from, Socket to, Link link, boolean fromClient) {
    Thread pump =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  awaitNotStalled();
                  if (fromClient) {
                    boolean commit = link.fromClient.commitIn(buffer, read);
                    CommitTrap armed = trap;
                    if (link.carrying == null
                        && armed != null
                        && !armed.taken.get()
                        && contains(buffer, read, armed.marker)
                        && armed.taken.compareAndSet(false, true)) {
                      link.carrying = armed;
                    }
                    CommitTrap mine = link.carrying;
                    if (mine != null && commit) {
                      link.carrying = null;
                      if (mine.where == AtCommit.BEFORE_THE_DATABASE_SEES_IT) {
                        mine.fired.complete(null);
                        return; // the COMMIT is dropped; finally closes both sides
                      }
                      link.dropAnswers = true;
                      out.write(buffer, 0, read);
                      out.flush();
                      continue;
                    }
                  } else if (link.dropAnswers) {
                    // the database answered the COMMIT: it is committed; the client never hears it
                    CommitTrap fired = trap;
                    if (fired != null) {
                      fired.fired.complete(null);
                    }
                    return;
                  }
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException e) {
                // connection closed on one side
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "tcp-proxy-pump");
    pump.setDaemon(true);
    pump.start();
  }

  private static boolean contains(byte[] buffer, int length, byte[] wanted) {
    outer:
    for (int i = 0; i + wanted.length <= length; i++) {
      for (int j = 0; j < wanted.length; j++) {
        if (buffer[i + j] != wanted[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
