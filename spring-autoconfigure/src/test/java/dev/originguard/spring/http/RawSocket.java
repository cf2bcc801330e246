package dev.originguard.spring.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A GET over a plain socket from a chosen loopback source, with the request target sent exactly as given: the
 * JDK client would refuse or re-encode a hostile path, and could not show the server a second peer.
 */
final class RawSocket {

    private RawSocket() {
    }

    /** The status and the text after the head (not de-chunked: tests only look for words in it). */
    record Response(int status, String body) {
    }

    static Response get(String source, int port, String target, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                throw new IOException("no complete response head in: " + text);
            }
            return new Response(Integer.parseInt(text.split(" ", 3)[1]), text.substring(headEnd + 4));
        }
    }
}
