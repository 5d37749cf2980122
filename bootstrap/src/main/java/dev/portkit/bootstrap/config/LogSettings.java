package dev.portkit.bootstrap.config;

import java.util.Locale;
import java.util.Map;

/**
 * {@code LOG_FORMAT} ({@code text} or {@code json}) and {@code LOG_LEVEL} (of portkit's own
 * loggers: {@code trace}, {@code debug}, {@code info}, {@code warn} or {@code error}), exactly as
 * written here. {@code Main} applies them to Logback once they are valid; Logback never reads the
 * raw variables, so a value such as {@code " json"} cannot silence logging.
 *
 * @param json whether to write one JSON object per line
 * @param level the level of the {@code dev.portkit} loggers, in Logback's spelling ({@code INFO})
 */
public record LogSettings(boolean json, String level) {

    /**
     * Parses and validates the logging variables.
     *
     * @throws ConfigException naming the invalid variable
     */
    public static LogSettings fromEnvironment(Map<String, String> environment) {
        return parse(new Env(environment));
    }

    static LogSettings parse(Env env) {
        Format format = env.choice("LOG_FORMAT", Format.TEXT);
        Level level = env.choice("LOG_LEVEL", Level.INFO);
        return new LogSettings(format == Format.JSON, level.name().toUpperCase(Locale.ROOT));
    }

    private enum Format {
        TEXT,
        JSON
    }

    private enum Level {
        TRACE,
        DEBUG,
        INFO,
        WARN,
        ERROR
    }
}
