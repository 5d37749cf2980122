package dev.portkit.bootstrap.config;

import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Redis variables: {@code REDIS_URL}, or the split {@code REDIS_HOST}, {@code REDIS_PORT},
 * {@code REDIS_DB} of older deployments; credentials, TLS, timeouts, key prefix and circuit breaker.
 * The parsed URI never carries the password: it moves to {@link RedisSettings#password()}.
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
    /** Printable ASCII without space and without the braces that mark Redis Cluster hash tags. */
    private static final Pattern KEY_PREFIX = Pattern.compile("[\\x21-\\x7a|~]{1,64}");

    private RedisVariables() {}

    /** The Redis settings, or empty when neither {@code REDIS_URL} nor {@code REDIS_HOST} is set. */
    static Optional<RedisSettings> parse(Env env) {
        Optional<URI> url = env.redisUri("REDIS_URL");
        if (url.isPresent()) {
            for (String split : SPLIT_ADDRESS) {
                if (env.get(split).isPresent()) {
                    throw env.invalid(split, env.get(split).get(), "REDIS_URL is set too: give the address once");
                }
            }
            return Optional.of(fromUrl(env, url.get()));
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
                throw env.invalid(name, env.get(name).get(), "needs REDIS_URL or REDIS_HOST");
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
        if (user.isPresent() && password.isEmpty() && env.get("REDIS_PASSWORD").isEmpty()) {
            // Masked: in redis://secret@host the user part may well be a password.
            throw env.invalid(
                    "REDIS_URL",
                    env.get("REDIS_URL").orElse(url.toString()),
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
        return settings(env, withoutCredentials, user.or(() -> env.get("REDIS_USERNAME")), password);
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
        return settings(env, uri, env.get("REDIS_USERNAME"), Optional.empty());
    }

    private static RedisSettings settings(Env env, URI uri, Optional<String> user, Optional<String> urlPassword) {
        Optional<String> password = urlPassword.or(() -> env.get("REDIS_PASSWORD"));
        if (user.isPresent() && password.isEmpty()) {
            throw env.invalid("REDIS_USERNAME", user.get(), "an ACL user needs a password: set REDIS_PASSWORD");
        }
        boolean tlsFlag = env.bool("REDIS_TLS", false);
        RedisSettings.Tls tls = new RedisSettings.Tls(
                tlsFlag,
                env.choice("REDIS_TLS_VERIFY", RedisSettings.Verify.FULL),
                env.readableFile("REDIS_TLS_CA_FILE"));
        boolean usesTls = tlsFlag || "rediss".equalsIgnoreCase(uri.getScheme());
        for (String tlsOnly : List.of("REDIS_TLS_VERIFY", "REDIS_TLS_CA_FILE")) {
            if (!usesTls && env.get(tlsOnly).isPresent()) {
                throw env.invalid(tlsOnly, env.get(tlsOnly).get(), "needs TLS: use rediss:// or REDIS_TLS=true");
            }
        }
        return new RedisSettings(
                uri,
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
