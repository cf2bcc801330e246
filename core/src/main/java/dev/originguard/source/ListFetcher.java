package dev.originguard.source;

import dev.originguard.internal.Redaction;
import dev.originguard.AddressSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Fetches range lists over HTTP(S) with {@link HttpClient}: a connect timeout, one deadline for the whole
 * fetch, a body size cap, conditional requests (ETag / If-Modified-Since), redirects followed by hand and only
 * to {@code https://}, and the JVM's default proxy selector.
 *
 * <p>The deadline ({@code readTimeout}, redirects included) is kept here on the monotonic
 * {@link RefreshSettings#ticker()}, not with {@link HttpRequest.Builder#timeout}: JDK 17's client times
 * requests by the wall clock, so a step of the clock would fail a fetch in flight or let it hang on. Only
 * the connect timeout stays with the client (a connect lasts milliseconds; JDK 17 times it by the wall clock).
 */
final class ListFetcher implements AutoCloseable {

    private static final int MAX_REDIRECTS = 5;
    private static final AddressSet LOOPBACK = AddressSet.of("loopback");

    private final HttpClient client;
    private final RefreshSettings settings;
    private final LongSupplier ticker;

    ListFetcher(RefreshSettings settings, ExecutorService executor) {
        this.settings = settings;
        this.ticker = settings.ticker();
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.getDefault())
                .executor(executor)
                .build();
    }

    /** Whether plain http is acceptable for this URI as a configured location. */
    static boolean plainHttpAllowed(URI uri, RefreshSettings settings) {
        if (settings.allowPlainHttp()) {
            return true;
        }
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        // Literal addresses only, with the strict parser: a host name is never resolved here.
        return host.equalsIgnoreCase("localhost") || LOOPBACK.contains(host);
    }

    /**
     * GET with validators from the last success; a 304 gives {@link Download#NOT_MODIFIED}, but only in
     * reply to a conditional request: a 304 to a request without validators is a failure (there is no set
     * it could mean "keep"). Messages show the location redacted ({@link Redaction}). The whole fetch, every
     * redirect included, ends within {@code readTimeout} on the ticker.
     */
    Download get(URI uri, String etag, String lastModified) throws RefreshFailure {
        long deadline = ticker.getAsLong() + settings.readTimeout().toNanos();
        URI current = uri;
        boolean conditional = etag != null || lastModified != null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current)
                    .header("Accept", "application/json, text/plain;q=0.9, */*;q=0.1")
                    .header("User-Agent", "OriginGuard range refresher")
                    .GET();
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            if (lastModified != null) {
                request.header("If-Modified-Since", lastModified);
            }
            HttpResponse<byte[]> response = send(request.build(), current, deadline);
            int status = response.statusCode();
            if (status == 304) {
                if (!conditional) {
                    throw new RefreshFailure(shown(current) + ": HTTP 304 Not Modified to an unconditional "
                            + "request (no previous good set to keep); refused");
                }
                return Download.NOT_MODIFIED;
            }
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null) {
                    throw new RefreshFailure(shown(current) + ": HTTP " + status + " redirect without a Location");
                }
                URI next = current.resolve(location);
                String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("https") && !(scheme.equals("http") && settings.allowPlainHttp())) {
                    throw new RefreshFailure(shown(current) + ": refusing redirect to '" + shown(next)
                            + "': redirects are followed only to https://");
                }
                current = next;
                continue;
            }
            if (status != 200) {
                throw new RefreshFailure(shown(current) + ": HTTP " + status);
            }
            return new Download(false, decode(response.body(), shown(current)),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null));
        }
        throw new RefreshFailure(shown(uri) + ": more than " + MAX_REDIRECTS + " redirects");
    }

    private HttpResponse<byte[]> send(HttpRequest request, URI uri, long deadline) throws RefreshFailure {
        long remaining = deadline - ticker.getAsLong();
        if (remaining <= 0) {
            throw timedOut(uri);
        }
        long cap = settings.maxBodyBytes();
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, info -> new CappedBody(cap, info.headers()
                        .firstValueAsLong("Content-Length").orElse(-1), uri));
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true); // aborts the exchange (JDK 16+)
            throw timedOut(uri);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new RefreshFailure(shown(uri) + ": interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RefreshFailure failure) {
                throw failure;
            }
            if (cause != null && cause.getCause() instanceof RefreshFailure failure) {
                throw failure;
            }
            // The client's only timeout is the connect timeout.
            String what = cause instanceof HttpTimeoutException ? "could not connect within "
                    + settings.connectTimeout() + " (connectTimeout)" : String.valueOf(cause);
            throw new RefreshFailure(shown(uri) + ": " + Redaction.redact(what), cause);
        }
    }

    private RefreshFailure timedOut(URI uri) {
        return new RefreshFailure(shown(uri) + ": no complete response within " + settings.readTimeout()
                + " (readTimeout, redirects included)");
    }

    private static String shown(URI uri) {
        return Redaction.redact(uri.toString());
    }

    static String decode(byte[] body, Object location) throws RefreshFailure {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new RefreshFailure(location + ": the body is not valid UTF-8");
        }
    }

    /** Releases the client's resources (its selector thread) where the JDK supports it (21+). */
    @Override
    public void close() {
        Object c = client;
        if (c instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    /** Collects a body up to a cap, failing as soon as the declared or received size passes it. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final long cap;
        private final long declared;
        private final URI uri;
        private Flow.Subscription subscription;

        CappedBody(long cap, long declared, URI uri) {
            this.cap = cap;
            this.declared = declared;
            this.uri = uri;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > cap) {
                s.cancel();
                result.completeExceptionally(tooLarge("declares " + declared + " bytes"));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if ((long) out.size() + item.remaining() > cap) {
                    subscription.cancel();
                    result.completeExceptionally(tooLarge("exceeds " + cap + " bytes"));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        private IOException tooLarge(String what) {
            return new IOException(new RefreshFailure(shown(uri) + ": the response " + what
                    + ", more than maxBodyBytes=" + cap));
        }
    }
}
