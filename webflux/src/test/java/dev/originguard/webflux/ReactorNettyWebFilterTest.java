package dev.originguard.webflux;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The contract on Reactor Netty, WebFlux's default server. */
class ReactorNettyWebFilterTest extends WebFilterContract {

    private DisposableServer server;

    @Override
    int start(HttpHandler handler) {
        server = HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(handler))
                .bindNow();
        return server.port();
    }

    @Override
    void stop() {
        if (server != null) {
            server.disposeNow();
        }
    }
}
