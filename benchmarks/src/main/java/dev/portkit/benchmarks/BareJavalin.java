package dev.portkit.benchmarks;

import io.javalin.Javalin;

/**
 * The yardstick of {@code scripts/load-test}: a bare Javalin 7 server on 127.0.0.1 answering {@code
 * GET /health/live} with a fixed JSON string and nothing else, so that portkit's start-up time,
 * memory and throughput can be compared with what the framework alone costs on the same machine.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.portkit.benchmarks.BareJavalin PORT}.
 * Virtual threads as in portkit's default: on from JDK 21 unless {@code HTTP_VIRTUAL_THREADS=false}.
 */
public final class BareJavalin {

    private BareJavalin() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "8080");
        String virtualThreads = System.getenv().getOrDefault("HTTP_VIRTUAL_THREADS", "auto");
        boolean useVirtualThreads = virtualThreads.equals("auto")
                ? Runtime.version().feature() >= 21
                : Boolean.parseBoolean(virtualThreads);
        Javalin.create(config -> {
                    config.jetty.host = "127.0.0.1";
                    config.jetty.port = port;
                    config.concurrency.useVirtualThreads = useVirtualThreads;
                    config.startup.showJavalinBanner = false;
                    config.routes.get(
                            "/health/live",
                            ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
                })
                .start();
    }
}
