package dev.portkit.bootstrap.config;

import dev.portkit.adapters.http.ratelimit.RouteGroup;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitFallback;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rate-limit variables, and the {@code N/DURATION} syntax they share with the login limits.
 *
 * <ul>
 *   <li>{@code RATE_LIMITS}: {@code group=N/DURATION} or {@code group=off}, comma-separated, e.g.
 *       {@code content-read=600/1m,content-write=60/1m}; groups not listed are unlimited.
 *   <li>{@code RATE_LIMIT_FALLBACK}: {@code group=local|open|closed}, comma-separated; groups not
 *       listed keep {@link RateLimitConfig#DEFAULT_FALLBACKS}.
 *   <li>{@code RATE_LIMIT_PREALLOCATE}: 0 to 10 (%), default 1.
 * </ul>
 */
final class RateLimitVariables {

    static final int DEFAULT_PREALLOCATE_PERCENT = 1;
    static final int MAX_PREALLOCATE_PERCENT = 10;
    static final int MAX_PERMITS = 1_000_000;
    static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    static final Duration MAX_WINDOW = Duration.ofDays(1);

    private static final Pattern RATE = Pattern.compile("(\\d{1,7})/(\\S+)");
    private static final String RATE_BOUNDS = "from 1 to 1000000 per window of 1s to 1d";
    private static final String GROUPS =
            Arrays.stream(RouteGroup.values()).map(RouteGroup::id).collect(Collectors.joining(", "));

    private RateLimitVariables() {}

    static RateLimitConfig parse(Env env) {
        Map<RouteGroup, RateLimitFallback> fallbacks = new EnumMap<>(RateLimitConfig.DEFAULT_FALLBACKS);
        env.get("RATE_LIMIT_FALLBACK")
                .ifPresent(raw -> entries(env, "RATE_LIMIT_FALLBACK", raw, (group, value) -> {
                    fallbacks.put(group, fallback(env, raw, group, value));
                }));
        Map<RouteGroup, RateLimit> groups = new EnumMap<>(RouteGroup.class);
        env.get("RATE_LIMITS")
                .ifPresent(raw -> entries(env, "RATE_LIMITS", raw, (group, value) -> {
                    if (!value.equals("off")) {
                        Rate rate = rate(
                                env,
                                "RATE_LIMITS",
                                raw,
                                value,
                                group.id() + "=" + value + ": expected N/DURATION " + "such as 600/1m, or off");
                        groups.put(
                                group, new RateLimit(group.id(), rate.permits(), rate.window(), fallbacks.get(group)));
                    }
                }));
        int preallocate = env.percent("RATE_LIMIT_PREALLOCATE", DEFAULT_PREALLOCATE_PERCENT, MAX_PREALLOCATE_PERCENT);
        return new RateLimitConfig(groups, fallbacks, preallocate);
    }

    /** A number of permits in a window, from {@code N/DURATION}. */
    record Rate(int permits, Duration window) {}

    /**
     * {@code N/DURATION}, e.g. {@code 5/1m}: at most N in any window of that length.
     *
     * @param raw the variable's whole value, shown in the error
     * @param text the part of it to parse
     * @param help what is expected, for the error
     */
    static Rate rate(Env env, String variable, String raw, String text, String help) {
        Matcher m = RATE.matcher(text);
        if (m.matches()) {
            int permits = Integer.parseInt(m.group(1));
            Optional<Duration> window = duration(m.group(2));
            if (permits >= 1
                    && permits <= MAX_PERMITS
                    && window.isPresent()
                    && window.get().compareTo(MIN_WINDOW) >= 0
                    && window.get().compareTo(MAX_WINDOW) <= 0) {
                return new Rate(permits, window.get());
            }
        }
        throw env.invalid(variable, raw, help + ", " + RATE_BOUNDS);
    }

    private static Optional<Duration> duration(String text) {
        try {
            return Optional.of(new Env(Map.of("D", text)).parseDuration("D", text));
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    private static RateLimitFallback fallback(Env env, String raw, RouteGroup group, String value) {
        for (RateLimitFallback fallback : RateLimitFallback.values()) {
            if (fallback.name().toLowerCase(Locale.ROOT).equals(value)) {
                return fallback;
            }
        }
        throw env.invalid(
                "RATE_LIMIT_FALLBACK",
                raw,
                group.id() + "=" + value + ": expected local, open or closed, in lowercase");
    }

    /** {@code group=value} entries separated by commas, each group known and listed once. */
    private static void entries(Env env, String variable, String raw, BiConsumer<RouteGroup, String> entry) {
        Map<RouteGroup, String> seen = new EnumMap<>(RouteGroup.class);
        for (String part : raw.split(",", -1)) {
            String[] pair = part.strip().split("=", -1);
            if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
                throw env.invalid(
                        variable,
                        raw,
                        "\"" + part.strip() + "\": expected group=value entries separated by commas, groups " + GROUPS);
            }
            String id = pair[0].strip();
            RouteGroup group = RouteGroup.byId(id)
                    .orElseThrow(() -> env.invalid(variable, raw, "\"" + id + "\" is not a group: expected " + GROUPS));
            if (seen.put(group, pair[1]) != null) {
                throw env.invalid(variable, raw, id + " is listed twice");
            }
            entry.accept(group, pair[1].strip());
        }
    }
}
