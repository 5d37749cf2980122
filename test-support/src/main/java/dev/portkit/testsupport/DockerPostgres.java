package dev.portkit.testsupport;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@code postgres:18} container started with Testcontainers, its port bound to a fixed host port chosen free
 * once. {@link #stop()} stops the container without removing it and {@link #start()} starts the same container
 * again, so the data and the address survive an outage. Testcontainers' Ryuk removes the container if the JVM
 * dies first.
 */
final class DockerPostgres implements ManagedPostgres {

    private static final DockerImageName IMAGE = DockerImageName.parse("postgres:18");
    private static final int CONTAINER_PORT = 5432;

    private final String host;
    private final int port;
    private final String password = UUID.randomUUID().toString();
    private GenericContainer<?> container;
    private boolean stopped;

    DockerPostgres() {
        this.host = DockerClientFactory.instance().dockerHostIpAddress();
        this.port = ManagedRedis.freePort();
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public Optional<String> password() {
        return Optional.of(password);
    }

    @Override
    public String description() {
        return "Docker container " + IMAGE.asCanonicalNameString();
    }

    @Override
    public synchronized void start() {
        if (container != null && stopped) {
            container
                    .getDockerClient()
                    .startContainerCmd(container.getContainerId())
                    .exec();
            stopped = false;
            PostgresAdmin.awaitReady(this);
            return;
        }
        if (container != null) {
            return;
        }
        GenericContainer<?> postgres = new GenericContainer<>(IMAGE)
                .withExposedPorts(CONTAINER_PORT)
                .withEnv("POSTGRES_PASSWORD", password)
                // Tests only: durability traded for speed, as for the embedded server.
                .withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off")
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\n", 2));
        postgres.setPortBindings(List.of(port + ":" + CONTAINER_PORT));
        try {
            postgres.start();
        } catch (RuntimeException e) {
            postgres.stop();
            throw e;
        }
        container = postgres;
    }

    @Override
    public synchronized void stop() {
        if (container != null && !stopped) {
            container
                    .getDockerClient()
                    .stopContainerCmd(container.getContainerId())
                    .exec();
            stopped = true;
        }
    }

    @Override
    public synchronized void close() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }
}
