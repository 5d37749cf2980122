package dev.portkit.bootstrap.config;

import dev.portkit.adapters.postgres.PostgresSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The database variables: {@code STORE}, then {@code DATABASE_URL} or the split {@code DATABASE_HOST}, {@code
 * DATABASE_PORT}, {@code DATABASE_NAME}; credentials, TLS, pool and timeouts; {@code DATA_DIR} of the embedded
 * PostgreSQL. Each value is given once: in the URL or in its variable, not both. The password never appears in
 * an error (see {@link Secrets}).
 */
final class DatabaseVariables {

    static final String DEFAULT_DATA_DIR = "./data";

    private static final List<String> SPLIT_ADDRESS = List.of("DATABASE_HOST", "DATABASE_PORT", "DATABASE_NAME");
    private static final List<String> EXTERNAL_ONLY = List.of(
            "DATABASE_USER", "DATABASE_PASSWORD", "DATABASE_TLS", "DATABASE_TLS_VERIFY", "DATABASE_TLS_CA_FILE");
    private static final List<String> POSTGRES_ONLY = List.of(
            "DATABASE_POOL_SIZE",
            "DATABASE_CONNECT_TIMEOUT",
            "DATABASE_QUERY_TIMEOUT",
            "DATABASE_FEED_INTERVAL",
            "DATA_DIR");
    private static final List<String> DATABASE_VARIABLES = Stream.of(
                    List.of("DATABASE_URL"), SPLIT_ADDRESS, EXTERNAL_ONLY, POSTGRES_ONLY)
            .flatMap(List::stream)
            .toList();
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_$-]{1,63}");
    private static final String URL_FORMAT = "expected postgresql://[user[:password]@]host[:port]/database";

    private DatabaseVariables() {}

    static DatabaseConfig parse(Env env) {
        StoreChoice store = env.choice("STORE", StoreChoice.POSTGRES);
        if (store == StoreChoice.MEMORY) {
            for (String name : DATABASE_VARIABLES) {
                if (env.get(name).isPresent()) {
                    throw env.invalid(name, env.get(name).get(), "STORE=memory uses no database: unset " + name);
                }
            }
            return DatabaseConfig.memory();
        }
        int poolSize = env.integer("DATABASE_POOL_SIZE", PostgresSettings.DEFAULT_POOL_SIZE, 1, 1_000);
        Duration connectTimeout = env.duration(
                "DATABASE_CONNECT_TIMEOUT",
                PostgresSettings.DEFAULT_CONNECT_TIMEOUT,
                Duration.ofMillis(250),
                Duration.ofMinutes(1));
        Duration queryTimeout = env.duration(
                "DATABASE_QUERY_TIMEOUT",
                PostgresSettings.DEFAULT_QUERY_TIMEOUT,
                Duration.ofMillis(100),
                Duration.ofMinutes(10));
        Duration feedInterval = env.duration(
                "DATABASE_FEED_INTERVAL",
                DatabaseConfig.DEFAULT_FEED_INTERVAL,
                Duration.ofMillis(10),
                Duration.ofMinutes(1));
        Optional<PostgresSettings> external =
                external(env).map(settings -> settings.withLimits(poolSize, connectTimeout, queryTimeout));
        if (external.isPresent() && env.get("DATA_DIR").isPresent()) {
            throw env.invalid(
                    "DATA_DIR",
                    env.get("DATA_DIR").get(),
                    "DATA_DIR is for the embedded PostgreSQL, and a database is configured: unset one of them");
        }
        if (external.isEmpty()) {
            for (String name : EXTERNAL_ONLY) {
                if (env.get(name).isPresent()) {
                    throw env.invalid(name, env.get(name).get(), "needs DATABASE_URL or DATABASE_HOST");
                }
            }
        }
        return new DatabaseConfig(
                StoreChoice.POSTGRES, external, dataDir(env), poolSize, connectTimeout, queryTimeout, feedInterval);
    }

    /** The database of {@code DATABASE_URL} or {@code DATABASE_HOST}, or empty for the embedded one. */
    private static Optional<PostgresSettings> external(Env env) {
        Optional<String> url = env.get("DATABASE_URL");
        if (url.isPresent()) {
            for (String split : SPLIT_ADDRESS) {
                if (env.get(split).isPresent()) {
                    throw env.invalid(split, env.get(split).get(), "DATABASE_URL is set too: give the address once");
                }
            }
            return Optional.of(fromUrl(env, url.get()));
        }
        if (env.get("DATABASE_HOST").isPresent()) {
            return Optional.of(fromSplitVariables(env));
        }
        for (String split : List.of("DATABASE_PORT", "DATABASE_NAME")) {
            if (env.get(split).isPresent()) {
                throw env.invalid(split, env.get(split).get(), "needs DATABASE_HOST (or use DATABASE_URL)");
            }
        }
        return Optional.empty();
    }

    private static PostgresSettings fromUrl(Env env, String value) {
        String raw = value; // Env.invalid masks it: Secrets.maskUrl
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            throw env.invalid("DATABASE_URL", raw, URL_FORMAT);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw env.invalid("DATABASE_URL", raw, "expected a postgresql:// URL");
        }
        if (url.getHost() == null) {
            throw env.invalid("DATABASE_URL", raw, "expected a host, e.g. postgresql://db.internal:5432/portkit");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw env.invalid(
                    "DATABASE_URL",
                    raw,
                    "parameters in the URL are not read: use DATABASE_TLS, DATABASE_TLS_VERIFY and the other"
                            + " DATABASE_ variables");
        }
        String path = url.getPath() == null ? "" : url.getPath().replaceFirst("^/", "");
        if (!DATABASE_NAME.matcher(path).matches()) {
            throw env.invalid("DATABASE_URL", raw, "expected a database name as the path, e.g. /portkit");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = url.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)))
                    .filter(u -> !u.isEmpty());
            password = colon < 0
                    ? Optional.empty()
                    : Optional.of(decode(userInfo.substring(colon + 1))).filter(p -> !p.isEmpty());
        }
        if (user.isPresent() && env.get("DATABASE_USER").isPresent()) {
            throw env.invalid("DATABASE_USER", env.get("DATABASE_USER").get(), "DATABASE_URL names a user too");
        }
        if (password.isPresent() && env.get("DATABASE_PASSWORD").isPresent()) {
            throw env.invalid(
                    "DATABASE_PASSWORD",
                    env.get("DATABASE_PASSWORD").get(),
                    "DATABASE_URL carries a password too: set it once");
        }
        int port = url.getPort() == -1 ? 5432 : url.getPort();
        if (port < 1 || port > 65_535) {
            throw env.invalid("DATABASE_URL", raw, "the port must be from 1 to 65535");
        }
        return settings(env, "DATABASE_URL", raw, url.getHost(), port, path, user, password);
    }

    private static PostgresSettings fromSplitVariables(Env env) {
        String host = env.get("DATABASE_HOST").orElseThrow();
        try {
            if (new URI("postgresql", null, host, 5432, "/", null, null).getHost() == null) {
                throw env.invalid("DATABASE_HOST", host, "expected a host name or IP address");
            }
        } catch (URISyntaxException e) {
            throw env.invalid("DATABASE_HOST", host, "expected a host name or IP address");
        }
        int port = env.integer("DATABASE_PORT", 5432, 1, 65_535);
        String name = env.string("DATABASE_NAME", "portkit");
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw env.invalid("DATABASE_NAME", name, "expected 1 to 63 letters, digits, _, $ or -");
        }
        return settings(env, "DATABASE_HOST", host, host, port, name, Optional.empty(), Optional.empty());
    }

    private static PostgresSettings settings(
            Env env,
            String addressVariable,
            String addressValue,
            String host,
            int port,
            String database,
            Optional<String> urlUser,
            Optional<String> urlPassword) {
        String user = urlUser.or(() -> env.get("DATABASE_USER"))
                .orElseThrow(() -> env.invalid(
                        addressVariable, addressValue, "needs a user: in DATABASE_URL or as DATABASE_USER"));
        Optional<String> password = urlPassword.or(() -> env.get("DATABASE_PASSWORD"));
        boolean tls = env.bool("DATABASE_TLS", false);
        for (String tlsOnly : List.of("DATABASE_TLS_VERIFY", "DATABASE_TLS_CA_FILE")) {
            if (!tls && env.get(tlsOnly).isPresent()) {
                throw env.invalid(tlsOnly, env.get(tlsOnly).get(), "needs DATABASE_TLS=true");
            }
        }
        PostgresSettings.Tls tlsSettings = new PostgresSettings.Tls(
                tls,
                env.choice("DATABASE_TLS_VERIFY", PostgresSettings.Verify.FULL),
                env.readableFile("DATABASE_TLS_CA_FILE"));
        return new PostgresSettings(
                host,
                port,
                database,
                user,
                password,
                tlsSettings,
                PostgresSettings.DEFAULT_POOL_SIZE,
                PostgresSettings.DEFAULT_CONNECT_TIMEOUT,
                PostgresSettings.DEFAULT_QUERY_TIMEOUT);
    }

    private static Path dataDir(Env env) {
        String raw = env.string("DATA_DIR", DEFAULT_DATA_DIR);
        try {
            return Path.of(raw);
        } catch (InvalidPathException e) {
            throw env.invalid("DATA_DIR", raw, "expected a directory path");
        }
    }

    /** Percent-decodes a part of the user info ({@code %40} is {@code @}); unlike a form, {@code +} stays. */
    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
