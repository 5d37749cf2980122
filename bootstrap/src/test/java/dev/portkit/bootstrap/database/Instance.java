package dev.portkit.bootstrap.database;

import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.bootstrap.TestUser;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.wiring.Components;
import dev.portkit.bootstrap.wiring.PortkitService;
import dev.portkit.testsupport.PostgresServerExtension;
import java.util.HashMap;
import java.util.Map;

/** One instance of the wired service in this JVM (a pod), on a free loopback port, and its client. */
final class Instance implements AutoCloseable {

    private final PortkitService service;
    private final ApiClient api;

    private Instance(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("HTTP_HOST", "127.0.0.1");
        env.putIfAbsent("PORT", "0"); // the port it binds is what start() returns
        env.putIfAbsent("SHUTDOWN_TIMEOUT", "2s");
        env.putIfAbsent("AUTH_USERS", TestUser.AUTH_USERS);
        this.service = Components.create(PortkitConfig.fromEnvironment(env)).service();
        this.api = new ApiClient(service.start());
    }

    /** An instance on this database and, if given, this Redis, with these further variables. */
    static Instance on(PostgresServerExtension postgres, RedisExtension redis, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("DATABASE_URL", postgres.url());
        postgres.password().ifPresent(password -> env.put("DATABASE_PASSWORD", password));
        if (redis != null) {
            env.putAll(redis.environment(RedisExtension.Topology.STANDALONE));
        }
        return new Instance(env);
    }

    static Instance on(PostgresServerExtension postgres, RedisExtension redis) {
        return on(postgres, redis, Map.of());
    }

    /** An instance with exactly these variables (and a port, a loopback host and the test user). */
    static Instance withEnvironment(Map<String, String> environment) {
        return new Instance(environment);
    }

    ApiClient api() {
        return api;
    }

    /** A client of its own (no session yet), e.g. for a second user agent. */
    ApiClient newClient() {
        return new ApiClient(api.port());
    }

    @Override
    public void close() {
        service.stop();
    }
}
