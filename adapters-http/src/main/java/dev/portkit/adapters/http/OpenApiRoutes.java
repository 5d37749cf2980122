package dev.portkit.adapters.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.yaml}: the OpenAPI 3.1 document of the API, {@code openapi.yaml} in this
 * module's resources. The HTTP tests check every request they send and every response they get
 * against it, so it describes what the service does.
 */
public final class OpenApiRoutes implements HttpRoutes {

    /** The document's classpath resource. */
    public static final String RESOURCE = "openapi.yaml";

    private final byte[] document;

    public OpenApiRoutes() {
        try (InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/openapi.yaml", this::serve);
        routes.head("/openapi.yaml", this::serve);
    }

    private void serve(Context ctx) {
        ctx.contentType("application/yaml").result(document);
    }
}
