package dev.portkit.bootstrap.config;

import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisEndpoint;
import dev.portkit.adapters.redis.RedisSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis variables. Where Redis is comes from exactly one of: {@code REDIS_URL} ({@code redis://}
 * or {@code rediss://} for one server, {@code redis-sentinel://} or {@code rediss-sentinel://} for a
 * Sentinel-monitored primary), the split {@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_DB} of
 * older deployments, or {@code REDIS_CLUSTER_NODES} (seed nodes of a Redis Cluster). Then
 * credentials, TLS, timeouts, key prefix and circuit breaker. The parsed address never carries the
 * password: it moves to {@link RedisSettings#password()}.
 */
final class RedisVariables {

    private static final List<String> SPLIT_ADDRESS = List.of("REDIS_HOST", "REDIS_PORT", "REDIS_DB");
    /** How to connect: meaningless without an address, so set without one they are a mistake, never ignored. */
    private static final List<String> CONNECTION = List.of(
            "REDIS_USERNAME",
            "REDIS_PASSWORD",
            "REDIS_TLS",
            "REDIS_TLS_VERIFY",
            "REDIS_TLS_CA_FILE",
            "REDIS_COMMAND_TIMEOUT",
            "REDIS_CONNECT_TIMEOUT",
            "REDIS_RECONNECT_MAX_DELAY",
            "REDIS_CLIENT_NAME");
    /** What Redis accepts in {@code CLIENT SETNAME}: no spaces, no control or non-ASCII characters. */
    private static final Pattern CLIENT_NAME = Pattern.compile("[\\x21-\\x7e]{1,64}");

    private static final Pattern DATABASE_PATH = Pattern.compile("/?|/\\d{1,5}");
    private static final Pattern MASTER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** {@code host:port}, {@code [ipv6]:port}, or a host alone (then {@code defaultPort}). */
    private static final Pattern NODE = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(?::(\\d{1,5}))?");

    private static final int SENTINEL_PORT = 26379;
    /** Printable ASCII without space and without the braces that mark Redis Cluster hash tags. */
    private static final Pattern KEY_PREFIX = Pattern.compile("[\\x21-\\x7a|~]{1,64}");

    private RedisVariables() {}

    /**
     * The Redis settings, or empty when none of {@code REDIS_URL}, {@code REDIS_HOST} and {@code
     * REDIS_CLUSTER_NODES} is set.
     */
    static Optional<RedisSettings> parse(Env env) {
        Optional<String> cluster = env.get("REDIS_CLUSTER_NODES");
        if (cluster.isPresent()) {
            for (String other : List.of("REDIS_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_DB")) {
                if (env.get(other).isPresent()) {
                    throw env.invalid(
                            other,
                            env.get(other).get(),
                            "REDIS_CLUSTER_NODES is set too: a Cluster is found from its nodes"
                                    + (other.equals("REDIS_DB") ? ", and has database 0 only" : ""));
                }
            }
            return Optional.of(fromClusterNodes(env, cluster.get()));
        }
        if (env.get("REDIS_URL").isPresent()) {
            for (String split : SPLIT_ADDRESS) {
                if (env.get(split).isPresent()) {
                    throw env.invalid(split, env.get(split).get(), "REDIS_URL is set too: give the address once");
                }
            }
            String raw = env.get("REDIS_URL").get();
            if (raw.toLowerCase(Locale.ROOT).matches("rediss?-sentinel://.*")) {
                return Optional.of(fromSentinelUrl(env, raw));
            }
            return Optional.of(fromUrl(env, env.redisUri("REDIS_URL").orElseThrow()));
        }
        if (env.get("REDIS_HOST").isPresent()) {
            return Optional.of(fromSplitVariables(env));
        }
        for (String split : List.of("REDIS_PORT", "REDIS_DB")) {
            if (env.get(split).isPresent()) {
                throw env.invalid(split, env.get(split).get(), "needs REDIS_HOST (or use REDIS_URL)");
            }
        }
        for (String name : CONNECTION) {
            if (env.get(name).isPresent()) {
                throw env.invalid(name, env.get(name).get(), "needs REDIS_URL, REDIS_HOST or REDIS_CLUSTER_NODES");
            }
        }
        return Optional.empty();
    }

    static RedisBreakerSettings breaker(Env env) {
        RedisBreakerSettings defaults = RedisBreakerSettings.DEFAULTS;
        return new RedisBreakerSettings(
                env.integer("REDIS_BREAKER_FAILURE_RATE", defaults.failureRatePercent(), 1, 100),
                env.integer("REDIS_BREAKER_MIN_CALLS", defaults.minimumCalls(), 1, 10_000),
                env.duration(
                        "REDIS_BREAKER_OPEN_WAIT", defaults.openWait(), Duration.ofMillis(1), Duration.ofMinutes(10)));
    }

    static String keyPrefix(Env env) {
        String prefix = env.string("REDIS_KEY_PREFIX", RedisSettings.DEFAULT_KEY_PREFIX);
        if (!KEY_PREFIX.matcher(prefix).matches()) {
            throw env.invalid(
                    "REDIS_KEY_PREFIX", prefix, "expected 1 to 64 printable ASCII characters without spaces, { or }");
        }
        return prefix;
    }

    /** {@code REDIS_CLUSTER_NODES=h1:7000,h2:7001}: seed nodes, credentials and TLS from their variables. */
    private static RedisSettings fromClusterNodes(Env env, String raw) {
        List<RedisEndpoint.Node> nodes = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            Matcher m = NODE.matcher(part.strip());
            if (!m.matches() || m.group(2) == null) {
                throw env.invalid(
                        "REDIS_CLUSTER_NODES",
                        raw,
                        "expected host:port of one or more Cluster nodes, separated by commas, e.g."
                                + " redis-1:6379,redis-2:6379 (credentials go in REDIS_USERNAME and REDIS_PASSWORD)");
            }
            nodes.add(node(env, "REDIS_CLUSTER_NODES", raw, m, 0));
        }
        boolean tls = env.bool("REDIS_TLS", false);
        return settings(env, RedisEndpoint.cluster(nodes, tls), env.get("REDIS_USERNAME"), Optional.empty());
    }

    /**
     * {@code redis-sentinel://[user:password@]h1[:26379],h2[:26379][/db]#master} (or {@code
     * rediss-sentinel://} for TLS); the password is the primary's, as in Lettuce.
     */
    private static RedisSettings fromSentinelUrl(Env env, String raw) {
        String help = "expected redis-sentinel://[user:password@]host1[:26379],host2[:26379][/db]#master";
        String scheme = raw.substring(0, raw.indexOf("://")).toLowerCase(Locale.ROOT);
        String rest = raw.substring(raw.indexOf("://") + 3);
        int hash = rest.indexOf('#');
        if (hash < 0 || !MASTER_NAME.matcher(rest.substring(hash + 1)).matches()) {
            throw env.invalid("REDIS_URL", raw, help + ": name the master after #, e.g. #mymaster");
        }
        String master = rest.substring(hash + 1);
        rest = rest.substring(0, hash);
        if (rest.indexOf('?') >= 0) {
            throw env.invalid("REDIS_URL", raw, help + "; no query parameters");
        }
        int slash = rest.indexOf('/', Math.max(0, rest.lastIndexOf('@')));
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (!DATABASE_PATH.matcher(path).matches()) {
            throw env.invalid("REDIS_URL", raw, "expected a database number as the path, e.g. /0");
        }
        int at = authority.lastIndexOf('@');
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            if (userInfo.indexOf('/') >= 0) {
                throw env.invalid(
                        "REDIS_URL",
                        raw,
                        "the user or password holds a '/', '?' or '#': percent-encode it (%2F, %3F, %23)");
            }
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(env, raw, colon < 0 ? userInfo : userInfo.substring(0, colon)))
                    .filter(u -> !u.isEmpty());
            password = colon < 0
                    ? Optional.empty()
                    : Optional.of(decode(env, raw, userInfo.substring(colon + 1)))
                            .filter(p -> !p.isEmpty());
            authority = authority.substring(at + 1);
        }
        List<RedisEndpoint.Node> sentinels = new ArrayList<>();
        for (String part : authority.split(",", -1)) {
            Matcher m = NODE.matcher(part);
            if (!m.matches()) {
                throw env.invalid("REDIS_URL", raw, help);
            }
            sentinels.add(node(env, "REDIS_URL", raw, m, SENTINEL_PORT));
        }
        checkCredentials(env, raw, user, password);
        int database = path.length() > 1 ? Integer.parseInt(path.substring(1)) : 0;
        RedisEndpoint endpoint = RedisEndpoint.sentinel(sentinels, master, database, scheme.equals("rediss-sentinel"));
        return settings(env, endpoint, user.or(() -> env.get("REDIS_USERNAME")), password);
    }

    private static RedisEndpoint.Node node(Env env, String variable, String raw, Matcher m, int defaultPort) {
        String host =
                m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        int port = m.group(2) == null ? defaultPort : Integer.parseInt(m.group(2));
        if (port < 1 || port > 65_535) {
            throw env.invalid(variable, raw, "expected host:port with every port from 1 to 65535");
        }
        return new RedisEndpoint.Node(host, port);
    }

    private static String decode(Env env, String raw, String encoded) {
        try {
            return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw env.invalid("REDIS_URL", raw, "the user or password holds a malformed %-escape");
        }
    }

    private static RedisSettings fromUrl(Env env, URI url) {
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            // Lettuce would read ?timeout= and others past the variables' bounds, and logs would show them.
            throw env.invalid(
                    "REDIS_URL",
                    env.get("REDIS_URL").orElse(url.toString()),
                    "parameters in the URL are not read: use REDIS_COMMAND_TIMEOUT, REDIS_CLIENT_NAME, REDIS_TLS"
                            + " and the other REDIS_ variables");
        }
        if (!DATABASE_PATH
                .matcher(url.getRawPath() == null ? "" : url.getRawPath())
                .matches()) {
            throw env.invalid("REDIS_URL", url.toString(), "expected a database number as the path, e.g. /0");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = url.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = Optional.of(colon < 0 ? userInfo : userInfo.substring(0, colon))
                    .filter(u -> !u.isEmpty());
            password = colon < 0
                    ? Optional.empty()
                    : Optional.of(userInfo.substring(colon + 1)).filter(p -> !p.isEmpty());
        }
        URI withoutCredentials;
        try {
            withoutCredentials =
                    new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), null);
        } catch (URISyntaxException e) {
            throw env.invalid("REDIS_URL", url.toString(), "expected redis://[user:password@]host[:port][/db]");
        }
        checkCredentials(env, env.get("REDIS_URL").orElse(url.toString()), user, password);
        int database = withoutCredentials.getPath() == null
                        || withoutCredentials.getPath().length() <= 1
                ? 0
                : Integer.parseInt(withoutCredentials.getPath().substring(1));
        RedisEndpoint endpoint = RedisEndpoint.standalone(
                withoutCredentials.getHost(),
                withoutCredentials.getPort() == -1 ? 6379 : withoutCredentials.getPort(),
                database,
                "rediss".equalsIgnoreCase(withoutCredentials.getScheme()));
        return settings(env, endpoint, user.or(() -> env.get("REDIS_USERNAME")), password);
    }

    /** A user and password in {@code REDIS_URL} go with, and not also in, their own variables. */
    private static void checkCredentials(Env env, String raw, Optional<String> user, Optional<String> password) {
        if (user.isPresent() && password.isEmpty() && env.get("REDIS_PASSWORD").isEmpty()) {
            // Masked: in redis://secret@host the user part may well be a password.
            throw env.invalid(
                    "REDIS_URL",
                    raw,
                    "it names a user but no password: write redis://:PASSWORD@host for a password alone,"
                            + " redis://USER:PASSWORD@host for an ACL user, or set REDIS_PASSWORD");
        }
        if (user.isPresent() && env.get("REDIS_USERNAME").isPresent()) {
            throw env.invalid("REDIS_USERNAME", env.get("REDIS_USERNAME").get(), "REDIS_URL names a user too");
        }
        if (password.isPresent() && env.get("REDIS_PASSWORD").isPresent()) {
            throw env.invalid(
                    "REDIS_PASSWORD", env.get("REDIS_PASSWORD").get(), "REDIS_URL carries a password too: set it once");
        }
    }

    private static String clientName(Env env) {
        String name = env.string("REDIS_CLIENT_NAME", "portkit");
        if (!CLIENT_NAME.matcher(name).matches()) {
            throw env.invalid("REDIS_CLIENT_NAME", name, "expected 1 to 64 printable ASCII characters without spaces");
        }
        return name;
    }

    private static RedisSettings fromSplitVariables(Env env) {
        String host = env.get("REDIS_HOST").orElseThrow();
        int port = env.integer("REDIS_PORT", 6379, 1, 65_535);
        int database = env.integer("REDIS_DB", 0, 0, 99_999);
        URI uri;
        try {
            uri = new URI("redis", null, host, port, "/" + database, null, null);
        } catch (URISyntaxException e) {
            throw env.invalid("REDIS_HOST", host, "expected a host name or IP address");
        }
        if (uri.getHost() == null) {
            throw env.invalid("REDIS_HOST", host, "expected a host name or IP address");
        }
        return settings(
                env,
                RedisEndpoint.standalone(uri.getHost(), port, database, false),
                env.get("REDIS_USERNAME"),
                Optional.empty());
    }

    private static RedisSettings settings(
            Env env, RedisEndpoint endpoint, Optional<String> user, Optional<String> urlPassword) {
        Optional<String> password = urlPassword.or(() -> env.get("REDIS_PASSWORD"));
        if (user.isPresent() && password.isEmpty()) {
            throw env.invalid("REDIS_USERNAME", user.get(), "an ACL user needs a password: set REDIS_PASSWORD");
        }
        boolean tlsFlag = env.bool("REDIS_TLS", false);
        RedisSettings.Tls tls = new RedisSettings.Tls(
                tlsFlag,
                env.choice("REDIS_TLS_VERIFY", RedisSettings.Verify.FULL),
                env.readableFile("REDIS_TLS_CA_FILE"));
        boolean usesTls = tlsFlag || endpoint.tls();
        for (String tlsOnly : List.of("REDIS_TLS_VERIFY", "REDIS_TLS_CA_FILE")) {
            if (!usesTls && env.get(tlsOnly).isPresent()) {
                throw env.invalid(tlsOnly, env.get(tlsOnly).get(), "needs TLS: use rediss:// or REDIS_TLS=true");
            }
        }
        return new RedisSettings(
                endpoint,
                env.duration(
                        "REDIS_COMMAND_TIMEOUT", Duration.ofMillis(500), Duration.ofMillis(1), Duration.ofMinutes(1)),
                env.duration(
                        "REDIS_CONNECT_TIMEOUT", Duration.ofSeconds(2), Duration.ofMillis(1), Duration.ofMinutes(1)),
                clientName(env),
                user,
                password,
                tls,
                env.duration(
                        "REDIS_RECONNECT_MAX_DELAY",
                        RedisSettings.DEFAULT_RECONNECT_MAX_DELAY,
                        Duration.ofMillis(1),
                        Duration.ofMinutes(10)),
                keyPrefix(env));
    }
}
