package dev.portkit.bootstrap.wiring;

import dev.portkit.adapters.http.HttpServer;
import dev.portkit.adapters.http.Readiness;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: starts the HTTP server and, on stop, drains it and closes the adapters. */
public final class PortkitService {

    private static final Logger log = LoggerFactory.getLogger(PortkitService.class);

    private final HttpServer server;
    private final Readiness readiness;
    private final Set<AutoCloseable> resources;

    @Inject
    public PortkitService(HttpServer server, Readiness readiness, Set<AutoCloseable> resources) {
        this.server = Objects.requireNonNull(server, "server");
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    /** Starts listening and returns the bound port. */
    public int start() {
        int port = server.start();
        readiness.markReady();
        return port;
    }

    /**
     * Graceful stop: report not-ready, stop accepting and let in-flight requests finish (bounded by
     * {@code SHUTDOWN_TIMEOUT}), then close adapter resources such as Redis connections.
     */
    public void stop() {
        readiness.markDraining();
        server.close();
        List<AutoCloseable> toClose = new ArrayList<>(resources);
        for (AutoCloseable resource : toClose) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Failed to close {} at shutdown: {}", resource, e.toString());
            }
        }
    }
}
