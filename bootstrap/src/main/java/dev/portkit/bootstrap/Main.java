package dev.portkit.bootstrap;

import ch.qos.logback.classic.LoggerContext;
import dev.portkit.bootstrap.config.AdapterChoice;
import dev.portkit.bootstrap.config.ConfigException;
import dev.portkit.bootstrap.config.LogSettings;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.wiring.Components;
import dev.portkit.bootstrap.wiring.Portkit;
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
 * hash for {@code AUTH_USERS} (see {@link HashPassword}); {@code users add|remove NAME} and {@code users
 * list} manage the users table of the database (see {@link UsersCommand}).
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
        Portkit portkit = Components.create(config);
        PortkitService service = null;
        int port;
        try {
            service = portkit.service();
            port = service.start();
        } catch (RuntimeException e) {
            log.error("portkit failed to start: {}", e.getMessage() == null ? e.toString() : e.getMessage());
            stopAfterFailedStart(portkit, service, log);
            System.exit(EXIT_STARTUP);
            return;
        }
        // Before the start-up line: a SIGTERM right after it must find the hook in place.
        PortkitService running = service;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(running, log), "portkit-shutdown"));
        log.info(
                "portkit started on port {} with the {} adapters{} and {} in {} ms (virtual threads: {})",
                port,
                config.adapter() == AdapterChoice.REDIS ? "Redis" : "in-memory",
                config.redis().map(r -> " (" + r.redactedUri() + ")").orElse(""),
                config.database().describe(),
                (System.nanoTime() - started) / 1_000_000,
                config.http().virtualThreads());
        warnIfNobodyCanLogIn(portkit, log);
    }

    private static void warnIfNobodyCanLogIn(Portkit portkit, Logger log) {
        try {
            if (!portkit.stores().credentialStore().hasUsers()) {
                log.warn("No users: add one with 'java -jar portkit.jar users add NAME' (or set AUTH_USERS);"
                        + " until then every login fails with 401");
            }
        } catch (RuntimeException e) {
            log.debug("Could not count the users: {}", e.toString());
        }
    }

    /**
     * Stops what a failed start left running: the whole service if it was built, else at least the database
     * (an embedded PostgreSQL runs detached and would outlive the process).
     */
    private static void stopAfterFailedStart(Portkit portkit, PortkitService service, Logger log) {
        try {
            if (service != null) {
                service.stop();
            } else {
                portkit.stores().databaseShutdown().close();
            }
        } catch (Exception e) {
            log.warn("Stopping after the failed start failed: {}", e.toString());
        }
    }

    /** Runs a subcommand and returns its exit code. */
    static int runCommand(String[] args) {
        // A command's output goes to stdout, to be piped; its log lines, if any, go to stderr.
        System.setProperty("portkit.logTarget", "System.err");
        if (args.length == 1 && args[0].equals("hash-password")) {
            return HashPassword.run(System.console(), System.in, System.out, System.err);
        }
        if (args[0].equals("users")) {
            return UsersCommand.run(args, System.getenv(), System.console(), System.in, System.out, System.err);
        }
        System.err.println("usage: java -jar portkit.jar [hash-password | users add|remove NAME | users list]");
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
