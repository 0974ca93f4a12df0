package dev.prism.plugin.limits.redis;

import dev.prism.core.config.RedisSettings;
import dev.prism.core.limit.LimitStoreException;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Lettuce connection to Redis (commands from every thread are pipelined over it), made on the
 * first call rather than at construction; a connection that could not be made is tried again by the
 * next call. Once made, Lettuce reconnects it by itself after an outage, and meanwhile rejects
 * commands at once instead of queueing them, so that the host's breaker sees the outage quickly.
 * {@link #bucketApi} is the way Bucket4j's proxy manager reaches Redis through it.
 */
final class LazyRedisConnection implements AutoCloseable {
    /**
     * How long a first connection may take. Looser than {@code redis.timeout}: the first one on a cold
     * JVM takes a second or more, and the host bounds its start-up check itself.
     */
    private static final Duration CONNECT_WITHIN = Duration.ofSeconds(5);
    /** Reconnection attempts after an outage: soon at first, then once a second at most. */
    private static final Delay RECONNECT_DELAY = Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
            TimeUnit.MILLISECONDS);

    private final RedisSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final Duration connectWithin;
    private final Lock lock = new ReentrantLock();
    private CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connection; // guarded by lock

    LazyRedisConnection(RedisSettings settings) {
        this.settings = settings;
        try {
            this.uri = RedisURI.create(settings.url());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(settings.urlSetting() + ": not a Redis URL: "
                    + settings.redact(String.valueOf(e.getMessage())));
        }
        this.connectWithin = settings.timeout().compareTo(CONNECT_WITHIN) > 0 ? settings.timeout() : CONNECT_WITHIN;
        uri.setTimeout(settings.timeout());
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(RECONNECT_DELAY).build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(connectWithin).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .build());
    }

    /** The connection's commands, connecting first if there is no connection yet. */
    RedisAsyncCommands<byte[], byte[]> commands() {
        CompletableFuture<StatefulRedisConnection<byte[], byte[]>> current;
        lock.lock();
        try {
            if (connection == null || connection.isCompletedExceptionally() || connection.isCancelled()) {
                connection = client.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture();
            }
            current = connection;
        } finally {
            lock.unlock();
        }
        try {
            return current.get(connectWithin.toMillis(), TimeUnit.MILLISECONDS).async();
        } catch (ExecutionException e) {
            throw RedisFailures.toLimitStoreException(settings, e.getCause());
        } catch (TimeoutException e) {
            throw new LimitStoreException("Redis at " + settings.hostAndPort() + ": no connection within "
                    + connectWithin.toMillis() + "ms", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LimitStoreException("interrupted while connecting to Redis at " + settings.hostAndPort(), null);
        }
    }

    /** The answer of a command, waiting no longer than Lettuce's own command timeout (and a margin). */
    <T> T await(RedisFuture<T> future) {
        try {
            return future.get(settings.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw RedisFailures.toLimitStoreException(settings, e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new LimitStoreException("Redis at " + settings.hostAndPort() + " did not answer within "
                    + settings.timeout().toMillis() + "ms", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LimitStoreException("interrupted while waiting for Redis at " + settings.hostAndPort(), null);
        }
    }

    /**
     * The commands Bucket4j's proxy manager sends, keys being {@code byte[]}. Typed by {@code Object}
     * because Bucket4j passes its keys in an {@code Object[]} (a generic array), which a
     * {@code RedisApi<byte[]>} would fail to cast.
     */
    RedisApi<Object> bucketApi() {
        return new RedisApi<>() {
            @Override
            public <V> RedisFuture<V> eval(String script, ScriptOutputType outputType, Object[] keys, byte[]... args) {
                byte[][] byteKeys = new byte[keys.length][];
                for (int i = 0; i < keys.length; i++) {
                    byteKeys[i] = (byte[]) keys[i];
                }
                return commands().eval(script, outputType, byteKeys, args);
            }

            @Override
            public RedisFuture<byte[]> get(Object key) {
                return commands().get((byte[]) key);
            }

            @Override
            public RedisFuture<?> delete(Object key) {
                return commands().del((byte[]) key);
            }
        };
    }

    @Override
    public void close() {
        // No quiet period: nothing waits for answers any more, and a gateway that stops should stop now.
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
