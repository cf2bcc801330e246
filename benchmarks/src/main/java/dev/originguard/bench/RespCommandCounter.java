package dev.originguard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay in front of a Redis that counts the commands clients send (top-level RESP arrays):
 * round trips, unlike the server's {@code INFO commandstats}, which also counts what scripts run inside it and
 * every other user of a shared Redis.
 */
final class RespCommandCounter implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicLong commands = new AtomicLong();

    RespCommandCounter(String host, int port) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket();
                    upstream.connect(new InetSocketAddress(host, port), 2000);
                    client.setTcpNoDelay(true);
                    upstream.setTcpNoDelay(true);
                    pump(client, upstream, true);
                    pump(upstream, client, false);
                } catch (IOException e) {
                    // closed
                }
            }
        }, "resp-counter-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    long commands() {
        return commands.get();
    }

    private void pump(Socket from, Socket to, boolean count) {
        Thread t = new Thread(() -> {
            Parser parser = new Parser();
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (count) {
                        commands.addAndGet(parser.feed(buffer, n));
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }
        }, "resp-counter-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Counts complete top-level arrays ({@code *<n>} then n bulk strings {@code $<len>}) in a byte stream. */
    private static final class Parser {
        private int items; // bulk strings left in the current command
        private long skip; // payload bytes (with CRLF) left in the current bulk string
        private long number = -1; // the number being read after '*' or '$', -1 when none
        private byte kind;

        int feed(byte[] b, int n) {
            int done = 0;
            for (int i = 0; i < n; i++) {
                if (skip > 0) {
                    long take = Math.min(skip, n - i);
                    skip -= take;
                    i += (int) take - 1;
                    if (skip == 0 && --items == 0) {
                        done++;
                    }
                    continue;
                }
                byte c = b[i];
                if (number < 0) {
                    if (c == '*' || c == '$') {
                        kind = c;
                        number = 0;
                    }
                } else if (c >= '0' && c <= '9') {
                    number = number * 10 + (c - '0');
                } else if (c == '\n') {
                    if (kind == '*') {
                        items = (int) number;
                        if (items == 0) {
                            done++;
                        }
                    } else {
                        skip = number + 2;
                    }
                    number = -1;
                }
            }
            return done;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
