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
    /** The longest duration any variable accepts: far from every timer's overflow. */
    static final Duration MAX_DURATION = Duration.ofDays(365);

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

    /** A duration from 0 to {@link #MAX_DURATION}. Prefer the overload that states the variable's own range. */
    Duration duration(String name, Duration defaultValue) {
        return duration(name, defaultValue, Duration.ZERO, MAX_DURATION);
    }

    /**
     * A duration within {@code [min, max]}: every variable has a range the service can use, so that
     * no value passes start-up only to fail later (a lease of 999999999m overflows a timer).
     */
    Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
        Optional<String> raw = get(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        Duration value = parseDuration(name, raw.get());
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw invalid(name, raw.get(), "expected a duration from " + show(min) + " to " + show(max));
        }
        return value;
    }

    /** A duration the way the variables write it: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 12h}, {@code 1d}. */
    static String show(Duration duration) {
        long millis = duration.toMillis();
        long[] units = {86_400_000, 3_600_000, 60_000, 1_000};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis != 0 && millis % units[i] == 0) {
                return millis / units[i] + names[i];
            }
        }
        return millis == 0 ? "0s" : millis + "ms";
    }

    /** {@code true} or {@code false}, exactly (lowercase). */
    boolean bool(String name, boolean defaultValue) {
        return get(name)
                .map(raw -> switch (raw) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw invalid(name, raw, "expected true or false, in lowercase");
                })
                .orElse(defaultValue);
    }

    /**
     * One of the enum's constants written exactly as documented: lowercase, e.g. {@code memory} for
     * {@code MEMORY}. {@code MEMORY} or {@code Memory} are refused rather than guessed at.
     */
    <E extends Enum<E>> E choice(String name, E defaultValue) {
        Optional<String> raw = get(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        Class<E> type = defaultValue.getDeclaringClass();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(raw.get())) {
                return constant;
            }
        }
        StringBuilder allowed = new StringBuilder("expected one of");
        for (E constant : type.getEnumConstants()) {
            allowed.append(' ').append(constant.name().toLowerCase(Locale.ROOT));
        }
        throw invalid(name, raw.get(), allowed + ", in lowercase");
    }

    /**
     * A {@code redis://} or {@code rediss://} URI with a host and, if given, a port from 1 to 65535.
     * Every error shows the value with its user information masked ({@link Secrets#maskUrl}).
     */
    Optional<URI> redisUri(String name) {
        return get(name).map(raw -> {
            String scheme =
                    raw.contains("://") ? raw.substring(0, raw.indexOf("://")).toLowerCase(Locale.ROOT) : "";
            if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                throw invalid(name, raw, "expected a redis:// or rediss:// URL");
            }
            String rest = raw.substring(raw.indexOf("://") + 3);
            int end = firstOf(rest, "/?#");
            if (rest.indexOf('@', end) >= 0) {
                throw invalid(
                        name, raw, "the user or password holds a '/', '?' or '#': percent-encode it (%2F, %3F, %23)");
            }
            URI uri;
            try {
                uri = new URI(raw);
            } catch (URISyntaxException e) {
                throw invalid(name, raw, "expected redis://[user:password@]host[:port][/db] or rediss://...");
            }
            if (uri.getHost() == null) {
                throw invalid(
                        name, raw, "expected a host and an optional port from 1 to 65535, e.g. redis://localhost:6379");
            }
            if (uri.getPort() == 0 || uri.getPort() > 65_535) {
                throw invalid(name, raw, "the port must be from 1 to 65535");
            }
            return uri;
        });
    }

    private static int firstOf(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    /** A positive duration, e.g. a timeout, of at most {@link #MAX_DURATION}. Prefer a range of the variable's own. */
    Duration positiveDuration(String name, Duration defaultValue) {
        return duration(name, defaultValue, Duration.ofMillis(1), MAX_DURATION);
    }

    /** A percentage from 0 to 100, written {@code 10} or {@code 10%}. */
    int percent(String name, int defaultValue) {
        return percent(name, defaultValue, 100);
    }

    /** A percentage from 0 to {@code max}, written {@code 10} or {@code 10%}. */
    int percent(String name, int defaultValue, int max) {
        Optional<String> raw = get(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String digits = raw.get().endsWith("%")
                ? raw.get().substring(0, raw.get().length() - 1).strip()
                : raw.get();
        try {
            int value = Integer.parseInt(digits);
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is allowed
        }
        int example = Math.min(10, max);
        throw invalid(
                name,
                raw.get(),
                "expected a percentage from 0 to " + max + ", e.g. " + example + " or " + example + "%");
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
