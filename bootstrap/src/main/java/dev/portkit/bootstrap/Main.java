package dev.portkit.bootstrap;

import ch.qos.logback.classic.LoggerContext;
import dev.portkit.bootstrap.config.AdapterChoice;
import dev.portkit.bootstrap.config.ConfigException;
import dev.portkit.bootstrap.config.LogSettings;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.wiring.Components;
import dev.portkit.bootstrap.wiring.PortkitService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts portkit: reads the configuration from the environment, wires the adapters it selects and
 * serves HTTP until SIGTERM or SIGINT, then stops gracefully and exits 0.
 *
 * <p>Exit codes: 0 after a graceful stop, 1 when start-up fails, 2 for invalid configuration (one
 * line on stderr, no stack trace).
 *
 * <p>Subcommands: {@code hash-password} reads a password from the terminal or stdin and prints its
 * hash for {@code AUTH_USERS} (see {@link HashPassword}).
 */
public final class Main {

    static final int EXIT_CONFIG = 2;
    static final int EXIT_STARTUP = 1;

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(runCommand(args));
            return;
        }
        PortkitConfig config;
        try {
            config = PortkitConfig.fromEnvironment(System.getenv());
            Logging.apply(LogSettings.fromEnvironment(System.getenv()));
        } catch (ConfigException e) {
            System.err.println("portkit: invalid configuration: " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        long started = System.nanoTime();
        PortkitService service;
        int port;
        try {
            service = Components.create(config).service();
            port = service.start();
        } catch (RuntimeException e) {
            log.error("portkit failed to start: {}", e.toString());
            System.exit(EXIT_STARTUP);
            return;
        }
        // Before the start-up line: a SIGTERM right after it must find the hook in place.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(service, log), "portkit-shutdown"));
        log.info(
                "portkit started on port {} with the {} adapters{} in {} ms (virtual threads: {})",
                port,
                config.adapter() == AdapterChoice.REDIS ? "Redis" : "in-memory",
                config.redis().map(r -> " (" + r.redactedUri() + ")").orElse(""),
                (System.nanoTime() - started) / 1_000_000,
                config.http().virtualThreads());
        if (config.sessions().users().isEmpty()) {
            log.warn("No users configured (AUTH_USERS or AUTH_USERS_FILE): every login will fail with 401");
        }
    }

    /** Runs a subcommand and returns its exit code. */
    static int runCommand(String[] args) {
        if (args.length == 1 && args[0].equals("hash-password")) {
            return HashPassword.run(System.console(), System.in, System.out, System.err);
        }
        System.err.println("usage: java -jar portkit.jar [hash-password]");
        return EXIT_CONFIG;
    }

    /**
     * Runs on SIGTERM/SIGINT. The JVM would report such an exit as 143/130; a completed graceful
     * stop is a clean exit, so the hook ends the process with 0 once logs are flushed.
     */
    private static void shutDown(PortkitService service, Logger log) {
        log.info("portkit stopping: draining requests");
        service.stop();
        log.info("portkit stopped");
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.stop();
        }
        Runtime.getRuntime().halt(0);
    }
}
