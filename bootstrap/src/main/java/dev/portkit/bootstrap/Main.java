package dev.portkit.bootstrap;

import ch.qos.logback.classic.LoggerContext;
import dev.portkit.bootstrap.config.AdapterChoice;
import dev.portkit.bootstrap.config.ConfigException;
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
 */
public final class Main {

    static final int EXIT_CONFIG = 2;
    static final int EXIT_STARTUP = 1;

    private Main() {}

    public static void main(String[] args) {
        PortkitConfig config;
        try {
            config = PortkitConfig.fromEnvironment(System.getenv());
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
        log.info(
                "portkit started on port {} with the {} adapters{} in {} ms (virtual threads: {})",
                port,
                config.adapter() == AdapterChoice.REDIS ? "Redis" : "in-memory",
                config.redis().map(r -> " (" + r.redactedUri() + ")").orElse(""),
                (System.nanoTime() - started) / 1_000_000,
                config.http().virtualThreads());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(service, log), "portkit-shutdown"));
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
