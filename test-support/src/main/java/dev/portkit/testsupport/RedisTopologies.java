package dev.portkit.testsupport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test run's one {@link RedisCluster} and one {@link RedisSentinelGroup}, shared by every test class of
 * the JVM (in JUnit's root store, which stops them when the run ends). The first test that asks for either
 * starts both, in parallel: a run that needs one needs the other too, and starting them together costs about
 * as long as the slower one (the Cluster's seven seconds or so).
 */
public final class RedisTopologies implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTopologies.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisTopologies.class);

    private final CompletableFuture<RedisCluster> cluster = timed("Redis Cluster", RedisCluster::start);
    private final CompletableFuture<RedisSentinelGroup> sentinel =
            timed("Redis Sentinel group", RedisSentinelGroup::start);

    private RedisTopologies() {}

    /** The shared Cluster, healthy: three masters, three replicas. */
    public static RedisCluster cluster(ExtensionContext context) {
        RedisCluster cluster = await(of(context).cluster);
        cluster.awaitHealthy();
        return cluster;
    }

    /** The shared Sentinel group, healthy: a primary, a replica, three Sentinels. */
    public static RedisSentinelGroup sentinel(ExtensionContext context) {
        RedisSentinelGroup group = await(of(context).sentinel);
        group.awaitHealthy();
        return group;
    }

    private static RedisTopologies of(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(RedisTopologies.class, type -> new RedisTopologies(), RedisTopologies.class);
    }

    private static <T> T await(CompletableFuture<T> topology) {
        try {
            return topology.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static <T> CompletableFuture<T> timed(String what, Supplier<T> start) {
        return CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            T topology = start.get();
            LOG.info("{} for the tests started in {} ms", what, (System.nanoTime() - started) / 1_000_000);
            return topology;
        });
    }

    /** Stops both when the test run ends. */
    @Override
    public void close() {
        cluster.thenAccept(RedisCluster::close);
        sentinel.thenAccept(RedisSentinelGroup::close);
        cluster.exceptionally(e -> null).join();
        sentinel.exceptionally(e -> null).join();
    }
}
