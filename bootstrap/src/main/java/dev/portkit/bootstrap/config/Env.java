package dev.portkit.bootstrap.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, validated reads of environment variables. Every parse failure is a {@link
 * ConfigException} that names the variable, the value (masked if it may be secret) and what is
 * allowed. Blank values count as unset.
 */
final class Env {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern BYTES = Pattern.compile("(\\d{1,12})\\s*(b|kb|mb|gb)?");
    private static final String DURATION_HELP = "expected a duration such as 250ms, 10s, 5m, 12h or 1d";

    private final Map<String, String> variables;

    Env(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    String string(String name, String defaultValue) {
        return get(name).orElse(defaultValue);
    }

    int integer(String name, int defaultValue, int min, int max) {
        Optional<String> raw = get(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is allowed
        }
        throw invalid(name, raw.get(), "expected an integer from " + min + " to " + max);
    }

    Duration duration(String name, Duration defaultValue) {
        return get(name).map(raw -> parseDuration(name, raw)).orElse(defaultValue);
    }

    boolean bool(String name, boolean defaultValue) {
        return get(name)
                .map(raw -> switch (raw.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw invalid(name, raw, "expected true or false");
                })
                .orElse(defaultValue);
    }

    /** One of the enum's constants, written in any case, e.g. {@code memory} for {@code MEMORY}. */
    <E extends Enum<E>> E choice(String name, E defaultValue) {
        Optional<String> raw = get(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        Class<E> type = defaultValue.getDeclaringClass();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw.get())) {
                return constant;
            }
        }
        StringBuilder allowed = new StringBuilder("expected one of");
        for (E constant : type.getEnumConstants()) {
            allowed.append(' ').append(constant.name().toLowerCase(Locale.ROOT));
        }
        throw invalid(name, raw.get(), allowed.toString());
    }

    /** A {@code redis://} or {@code rediss://} URI with a host; the password is masked in errors. */
    Optional<URI> redisUri(String name) {
        return get(name).map(raw -> {
            URI uri;
            try {
                uri = new URI(raw);
            } catch (URISyntaxException e) {
                throw invalid(name, raw, "expected redis://[user:password@]host[:port][/db] or rediss://...");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                throw invalid(name, raw, "expected a redis:// or rediss:// URL");
            }
            if (uri.getHost() == null) {
                throw invalid(name, raw, "expected a host, e.g. redis://localhost:6379");
            }
            return uri;
        });
    }

    /** A positive duration, e.g. a timeout. */
    Duration positiveDuration(String name, Duration defaultValue) {
        Duration value = duration(name, defaultValue);
        if (value.isZero() || value.isNegative()) {
            throw invalid(name, get(name).orElse(""), "expected a positive duration such as 250ms or 2s");
        }
        return value;
    }

    /** A percentage from 0 to 100, written {@code 10} or {@code 10%}. */
    int percent(String name, int defaultValue) {
        Optional<String> raw = get(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String digits = raw.get().endsWith("%")
                ? raw.get().substring(0, raw.get().length() - 1).strip()
                : raw.get();
        try {
            int value = Integer.parseInt(digits);
            if (value >= 0 && value <= 100) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is allowed
        }
        throw invalid(name, raw.get(), "expected a percentage from 0 to 100, e.g. 10 or 10%");
    }

    /** A size in bytes: a number, optionally with {@code kb}, {@code mb} or {@code gb} (powers of 1024). */
    Optional<Long> bytes(String name) {
        return get(name).map(raw -> {
            Matcher m = BYTES.matcher(raw.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "b" : m.group(2);
                int shift = switch (unit) {
                    case "kb" -> 10;
                    case "mb" -> 20;
                    case "gb" -> 30;
                    default -> 0;
                };
                if (amount > 0 && amount <= Long.MAX_VALUE >> shift) {
                    return amount << shift;
                }
            }
            throw invalid(name, raw, "expected a positive size such as 1048576, 512kb, 64mb or 1gb");
        });
    }

    /** A path to an existing, readable file. */
    Optional<Path> readableFile(String name) {
        return get(name).map(raw -> {
            Path path;
            try {
                path = Path.of(raw);
            } catch (InvalidPathException e) {
                throw invalid(name, raw, "expected a file path");
            }
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw invalid(name, raw, "expected an existing, readable file");
            }
            return path;
        });
    }

    ConfigException invalid(String name, String raw, String allowed) {
        return new ConfigException(name, Secrets.shown(name, raw), allowed);
    }

    /** A duration such as {@code 250ms} read from part of a variable; errors name the variable. */
    Duration parseDuration(String name, String raw) {
        Matcher m = DURATION.matcher(raw.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid(name, raw, DURATION_HELP);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
