package dev.originguard.ratelimit.bucket4j;

import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.RemoteBucketBuilder;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Buckets in Redis, shared by every origin node: a standalone Redis ({@code redis://}, {@code rediss://}), one
 * behind Sentinel ({@code redis-sentinel://}) or a Redis Cluster ({@code redis-cluster://host1:7000,host2:7001},
 * {@code rediss-cluster://}). In a cluster each bucket is one key, hashed on its whole name, so buckets spread
 * over every slot; the topology is re-read on redirects and reconnects, so a failover is followed quickly.
 *
 * <p>Exact mode (batch 0, the default): one {@link RedisTokenScript} call per request, atomic in Redis, so a
 * contended bucket is exact without retries; updates of one key from this JVM still go one at a time
 * ({@link KeyStripes}), so a burst of one client never pushes a call past the store timeout. Batched mode: Bucket4j's compare-and-swap buckets with its
 * delaying optimisation, keys {@code <prefix>b<rule>|<client>}; updates of one key from this JVM are queued
 * ({@link KeyStripes}), lost races with other nodes retried a bounded number of times ({@link ContentionRetry}),
 * and a bucket still busy after the store timeout is reported as {@link BucketContendedException}, never as a
 * store failure.
 *
 * <p>Failure behaviour: setting up a connection (TCP connect, handshake, first PING) has its own
 * {@code storeConnectTimeout}, so a slow first connect to a healthy Redis is not cut at the command timeout;
 * every command then times out after {@code storeTimeout}; while the connection is down,
 * commands are rejected at once rather than queued, so requests do not pile up behind an outage; Lettuce
 * reconnects by itself (backoff capped at {@link #MAX_RECONNECT_DELAY}). If Redis is down at start-up the
 * first connection is retried in the background, at most once per {@link #CONNECT_RETRY}.
 */
final class RedisBucketStore implements BucketStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBucketStore.class);

    static final Duration CONNECT_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

    /** How often a cluster's topology is read even without a trigger (a redirect, a reconnect). */
    static final Duration CLUSTER_REFRESH = Duration.ofSeconds(10);
    /** In batched mode, the longest a node keeps tokens it took before writing them back. */
    static final Duration MAX_UNSYNCHRONIZED = Duration.ofSeconds(1);

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final RedisURI uri; // null for a cluster
    private final String keyPrefix;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final String description;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final AtomicLong nextConnectNanos = new AtomicLong(System.nanoTime());
    private volatile StatefulConnection<String, byte[]> connection;
    private volatile RemoteBucketBuilder<String> buckets; // batched mode
    private volatile RedisScriptingAsyncCommands<String, byte[]> scripts; // exact mode
    private final int batch;
    private final Map<LimitRule, byte[][]> scriptArguments = new ConcurrentHashMap<>();
    private final Cache<String, Bucket> batchedBuckets; // null in exact mode
    private volatile boolean closed;
    private final KeyStripes stripes = new KeyStripes();
    private volatile long lastFailureNanos = System.nanoTime() - Long.MAX_VALUE / 2;

    RedisBucketStore(String storeUri, String keyPrefix, Duration timeout, Duration connectTimeout) {
        this(storeUri, keyPrefix, timeout, connectTimeout, 0, 0);
    }

    /**
     * @param batch      0: exact, one script round trip per request; more: Bucket4j's delaying optimisation,
     *                   up to {@code batch} tokens taken in this JVM before they are written back
     * @param maxBuckets the most buckets kept in this JVM in batched mode
     */
    RedisBucketStore(String storeUri, String keyPrefix, Duration timeout, Duration connectTimeout, int batch,
            int maxBuckets) {
        this.batch = batch;
        // A bucket's batch lives in its proxy object: keep the proxies, bounded like the local store.
        this.batchedBuckets = batch == 0 ? null
                : Caffeine.newBuilder().maximumSize(maxBuckets).expireAfterAccess(Duration.ofMinutes(10)).build();
        this.keyPrefix = keyPrefix;
        this.timeout = timeout;
        this.connectTimeout = connectTimeout;
        List<RedisURI> cluster = clusterUris(storeUri);
        this.uri = cluster == null ? RedisURI.create(storeUri) : null;
        // Lettuce times the connection handshake (HELLO, AUTH, SELECT) by the URI's timeout.
        for (RedisURI u : cluster == null ? List.of(uri) : cluster) {
            u.setTimeout(connectTimeout);
        }
        this.description = cluster == null ? describe(uri) : describe(cluster);
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        TimeoutOptions timeouts = TimeoutOptions.builder().timeoutSource(new CommandTimeout()).build();
        SocketOptions socket = SocketOptions.builder().connectTimeout(connectTimeout).build();
        if (cluster == null) {
            RedisClient standalone = RedisClient.create(resources);
            standalone.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(timeouts)
                    .socketOptions(socket)
                    .build());
            this.client = standalone;
        } else {
            RedisClusterClient clustered = RedisClusterClient.create(resources, cluster);
            clustered.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(timeouts)
                    .socketOptions(socket)
                    // A killed master: its connection fails at once (or times out), a replica takes over, and
                    // every failed reconnect or redirect (Lettuce 7's adaptive triggers are on by default)
                    // re-reads the topology, at most every 500 ms; the periodic read catches anything else.
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .refreshTriggersReconnectAttempts(1)
                            .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                            .enablePeriodicRefresh(CLUSTER_REFRESH)
                            .build())
                    .build());
            this.client = clustered;
        }
        connect();
    }

    /** The seed nodes of a {@code redis-cluster://} or {@code rediss-cluster://} URI, or null for another URI. */
    static List<RedisURI> clusterUris(String storeUri) {
        String lower = storeUri.toLowerCase(Locale.ROOT);
        String scheme = lower.startsWith("redis-cluster://") ? "redis://"
                : lower.startsWith("rediss-cluster://") ? "rediss://" : null;
        if (scheme == null) {
            return null;
        }
        String rest = storeUri.substring(storeUri.indexOf("://") + 3);
        List<RedisURI> uris = RedisClusterURIUtil.toRedisURIs(URI.create(scheme + rest));
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("no cluster node in the URI");
        }
        return uris;
    }

    private static String describe(RedisURI u) {
        if (u.getSentinels() != null && !u.getSentinels().isEmpty()) {
            StringBuilder b = new StringBuilder("redis-sentinel://");
            for (RedisURI sentinel : u.getSentinels()) {
                b.append(b.length() > 17 ? "," : "").append(sentinel.getHost()).append(':').append(sentinel.getPort());
            }
            return b.append('#').append(u.getSentinelMasterId()).toString();
        }
        return (u.isSsl() ? "rediss://" : "redis://") + u.getHost() + ":" + u.getPort();
    }

    private static String describe(List<RedisURI> nodes) {
        StringBuilder b = new StringBuilder(nodes.get(0).isSsl() ? "rediss-cluster://" : "redis-cluster://");
        for (int i = 0; i < nodes.size(); i++) {
            b.append(i > 0 ? "," : "").append(nodes.get(i).getHost()).append(':').append(nodes.get(i).getPort());
        }
        return b.toString();
    }

    /** The command timeout, but the connect timeout for the PING that proves a new connection usable. */
    private final class CommandTimeout extends TimeoutOptions.TimeoutSource {
        @Override
        public long getTimeout(io.lettuce.core.protocol.RedisCommand<?, ?, ?> command) {
            return (connection == null ? connectTimeout : timeout).toNanos();
        }

        @Override
        public TimeUnit getTimeUnit() {
            return TimeUnit.NANOSECONDS;
        }
    }

    /** Starts connecting unless a connection exists, an attempt runs, or the last one failed too recently. */
    private void connect() {
        long now = System.nanoTime();
        if (closed || connection != null || now - nextConnectNanos.get() < 0 || !connecting.compareAndSet(false, true)) {
            return;
        }
        RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        CompletionStage<? extends StatefulConnection<String, byte[]>> attempt;
        if (client instanceof RedisClusterClient c) {
            // connectAsync needs the topology already loaded; load it without blocking the caller.
            attempt = c.refreshPartitionsAsync().thenCompose(loaded -> c.connectAsync(codec));
        } else {
            attempt = ((RedisClient) client).connectAsync(codec, uri);
        }
        attempt.whenComplete((conn, error) -> {
                    if (error == null && !closed) {
                        publishWhenUsable(conn, 0);
                    } else {
                        failedAttempt(conn, error);
                    }
                });
    }

    /*
     * The connect future can complete a moment before the endpoint counts the channel as active, and with
     * REJECT_COMMANDS a command in that moment is refused: publish the connection once a PING gets through.
     */
    private void publishWhenUsable(StatefulConnection<String, byte[]> conn, int attempt) {
        // In a cluster, node connections open on first use, and REJECT_COMMANDS refuses a command on one not
        // yet active: PING every master, so the first requests find their node's connection ready.
        CompletionStage<?> ping = conn instanceof StatefulRedisClusterConnection<String, byte[]> c
                ? c.async().upstream().commands().ping()
                : ((StatefulRedisConnection<String, byte[]>) conn).async().ping();
        ping.whenComplete((pong, error) -> {
            if (closed) {
                failedAttempt(conn, null);
            } else if (error == null && batch == 0) {
                scripts = conn instanceof StatefulRedisClusterConnection<String, byte[]> c ? c.async()
                        : ((StatefulRedisConnection<String, byte[]>) conn).async();
                connection = conn;
                connecting.set(false);
            } else if (error == null) {
                Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> manager =
                        conn instanceof StatefulRedisClusterConnection<String, byte[]> c
                                ? Bucket4jLettuce.casBasedBuilder(c)
                                : Bucket4jLettuce.casBasedBuilder((StatefulRedisConnection<String, byte[]>) conn);
                buckets = manager
                        .expirationAfterWrite(ExpirationAfterWriteStrategy
                                .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                        .requestTimeout(timeout)
                        .retryStrategy(new ContentionRetry(timeout))
                        .build()
                        .builder()
                        .withOptimization(Optimizations.delaying(new DelayParameters(batch, MAX_UNSYNCHRONIZED)));
                connection = conn;
                connecting.set(false);
            } else if (attempt < 20) {
                CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS)
                        .execute(() -> publishWhenUsable(conn, attempt + 1));
            } else {
                failedAttempt(conn, error);
            }
        });
    }

    private void failedAttempt(StatefulConnection<String, byte[]> conn, Throwable error) {
        if (conn != null) {
            conn.closeAsync();
        }
        if (error != null) {
            LOG.debug("Rate-limit store {}: connection attempt failed", description, error);
        }
        nextConnectNanos.set(System.nanoTime() + CONNECT_RETRY.toNanos());
        connecting.set(false);
    }

    /** Waits up to the connect timeout for the first connection, so a healthy store is ready at start-up. */
    boolean awaitConnected() {
        long deadline = System.nanoTime() + 2 * connectTimeout.toNanos();
        while (connection == null && System.nanoTime() - deadline < 0) {
            if (!connecting.get() && nextConnectNanos.get() - System.nanoTime() > 0) {
                return false; // the attempt failed; later requests retry
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return connection != null;
    }

    @Override
    public ConsumptionProbe tryConsume(LimitRule rule, String clientKey) {
        if (batch == 0) {
            return consumeByScript(rule, clientKey);
        }
        RemoteBucketBuilder<String> b = buckets;
        if (b == null) {
            connect();
            throw new IllegalStateException("not connected to " + description + " yet");
        }
        // Bucket4j's state, not the script's: a key of its own, so switching modes never misreads a bucket.
        String key = keyPrefix + "b" + rule.keyPart() + clientKey;
        ReentrantLock lock = lockOrContended(key);
        try {
            return batchedBuckets.get(key, k -> b.build(k, rule.configurationSupplier()))
                    .tryConsumeAndReturnRemaining(1);
        } catch (BucketExceptions.BucketExecutionException e) {
            if (e.getCause() == null) { // Bucket4j's "CAS operation failed after n retry attempts"
                throw new BucketContendedException(e.getMessage());
            }
            lastFailureNanos = System.nanoTime();
            throw e;
        } catch (RuntimeException e) {
            lastFailureNanos = System.nanoTime();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** One EVALSHA (EVAL the first time a node lacks the script): read, refill, take, write, atomically. */
    private ConsumptionProbe consumeByScript(LimitRule rule, String clientKey) {
        RedisScriptingAsyncCommands<String, byte[]> s = scripts;
        if (s == null) {
            connect();
            throw new IllegalStateException("not connected to " + description + " yet");
        }
        String[] keys = {keyPrefix + rule.keyPart() + clientKey};
        byte[][] args = scriptArguments.computeIfAbsent(rule, r -> RedisTokenScript.arguments(r.rates()));
        // The script needs no queue to be exact, but 32 requests of one client in flight at once on a loaded
        // machine can push one past the store timeout, which would then fail open: one at a time per key.
        ReentrantLock lock = lockOrContended(keys[0]);
        try {
            List<Object> reply;
            try {
                reply = LettuceFutures.awaitOrCancel(s.<List<Object>>evalsha(RedisTokenScript.SHA1,
                        ScriptOutputType.MULTI, keys, args), 2 * timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RedisNoScriptException e) {
                reply = LettuceFutures.awaitOrCancel(s.<List<Object>>eval(RedisTokenScript.SOURCE,
                        ScriptOutputType.MULTI, keys, args), 2 * timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            return RedisTokenScript.probe(reply);
        } catch (RuntimeException e) {
            lastFailureNanos = System.nanoTime();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** The key's stripe lock, or BucketContendedException (or a store failure, when it is to blame) at the timeout. */
    private ReentrantLock lockOrContended(String key) {
        ReentrantLock lock = stripes.tryLock(key, timeout.toNanos());
        if (lock == null) {
            // Waiting behind a request that hangs on the store is the store's fault, not contention.
            if (System.nanoTime() - lastFailureNanos < 2 * timeout.toNanos()) {
                throw new IllegalStateException(description + " is answering too slowly");
            }
            throw new BucketContendedException("bucket busy for longer than the store timeout");
        }
        return lock;
    }

    @Override
    public long trackedBuckets() {
        return -1;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        closed = true;
        StatefulConnection<String, byte[]> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        // Waited for, so that no Lettuce thread (event loops, timer) outlives the filter's destroy().
        try {
            resources.shutdown(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("Rate-limit store {}: the Redis client's threads did not stop within 3 seconds", description, e);
        }
    }
}
