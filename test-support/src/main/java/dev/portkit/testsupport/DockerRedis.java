package dev.portkit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@code redis:7} container started with Testcontainers.
 *
 * <p>The container port is bound to a fixed host port, chosen free once, and {@link #stop()} removes the
 * container: so {@link #start()} runs a fresh container on the same host port, and clients reconnect to the
 * address they had. Testcontainers' Ryuk removes the container if the JVM dies first. The port is chosen free
 * on this machine, which assumes Docker publishes ports here (local Docker or Docker Desktop).
 */
final class DockerRedis implements ManagedRedis {

    private static final DockerImageName IMAGE = DockerImageName.parse("redis:7");
    private static final int CONTAINER_PORT = 6379;
    /** The image's working directory, where {@link ServerOptions#files()} are expected. */
    private static final String WORKING_DIRECTORY = "/data/";

    private final ServerOptions options;
    private final String host;
    private final int port;
    private GenericContainer<?> container;
    private boolean hung;

    DockerRedis(ServerOptions options) {
        this.options = options;
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
    public String description() {
        return "Docker container " + IMAGE.asCanonicalNameString();
    }

    @Override
    public void start() {
        if (container != null) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("redis-server"));
        command.addAll(options.arguments(CONTAINER_PORT));
        GenericContainer<?> redis = new GenericContainer<>(IMAGE)
                .withExposedPorts(CONTAINER_PORT)
                .withCommand(command.toArray(String[]::new))
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
        redis.setPortBindings(List.of(port + ":" + CONTAINER_PORT));
        options.files().forEach((name, file) -> {
            try {
                redis.withCopyToContainer(Transferable.of(Files.readAllBytes(file), 0644), WORKING_DIRECTORY + name);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        });
        try {
            redis.start();
        } catch (RuntimeException e) {
            redis.stop();
            throw e;
        }
        container = redis;
    }

    @Override
    public void hang() {
        container
                .getDockerClient()
                .pauseContainerCmd(container.getContainerId())
                .exec();
        hung = true;
    }

    @Override
    public void resume() {
        if (hung) {
            container
                    .getDockerClient()
                    .unpauseContainerCmd(container.getContainerId())
                    .exec();
            hung = false;
        }
    }

    @Override
    public void stop() {
        resume();
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
