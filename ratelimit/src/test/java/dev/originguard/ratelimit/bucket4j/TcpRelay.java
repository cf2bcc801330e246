package dev.originguard.ratelimit.bucket4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between a client and a target, which a test can cut (close every connection and
 * refuse new ones) and restore on the same port: a network outage without touching the target. It can also
 * hold each new connection for a while before relaying anything: a slow connection set-up.
 */
final class TcpRelay implements AutoCloseable {

    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final int port;
    private final long setUpDelayMillis;
    private volatile ServerSocket server;

    TcpRelay(String host, int targetPort) throws IOException {
        this(host, targetPort, 0);
    }

    /** A relay that holds every new connection {@code setUpDelayMillis} before the first byte either way. */
    TcpRelay(String host, int targetPort, long setUpDelayMillis) throws IOException {
        this.target = new InetSocketAddress(host, targetPort);
        this.setUpDelayMillis = setUpDelayMillis;
        ServerSocket s = open(0);
        this.port = s.getLocalPort();
        start(s);
    }

    int port() {
        return port;
    }

    /** Closes every relayed connection and the listening socket: clients see resets, then refusals. */
    synchronized void cut() throws IOException {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** Listens again on the same port. */
    synchronized void restore() throws IOException {
        if (server == null) {
            start(open(port));
        }
    }

    private static ServerSocket open(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void start(ServerSocket s) {
        server = s;
        Thread acceptor = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    if (setUpDelayMillis > 0) {
                        Thread.sleep(setUpDelayMillis);
                    }
                    Socket upstream = new Socket();
                    upstream.connect(target, 1000);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    // closed by cut() or close(), or the target refused: the client sees its socket close
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "tcp-relay-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-relay-pump-" + port);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
