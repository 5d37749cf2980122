package dev.portkit.bootstrap;

import dev.portkit.adapters.http.OpenApiRoutes;
import dev.portkit.testsupport.openapi.OpenApiContract;
import java.net.http.HttpClient;

/** The service's OpenAPI document, which every HTTP exchange of these tests is checked against. */
public final class Api {

    public static final OpenApiContract CONTRACT = OpenApiContract.fromClasspath(OpenApiRoutes.RESOURCE);

    private Api() {}

    /** A client whose every exchange is checked against the document. */
    public static HttpClient client() {
        return CONTRACT.client();
    }

    /** {@code client}, its every exchange checked against the document. */
    public static HttpClient checked(HttpClient client) {
        return CONTRACT.wrap(client);
    }
}
