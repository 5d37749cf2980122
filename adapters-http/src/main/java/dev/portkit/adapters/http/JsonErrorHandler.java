package dev.portkit.adapters.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jetty's error pages as the API's JSON {@code {"error","message"}}: for everything Jetty rejects
 * before the router sees it (a bad request line or URI, headers over the limit, framing such as a
 * duplicate {@code Content-Length}, an unsupported HTTP version) and for the body reader's 408 and
 * 413. Every method gets the body (Jetty's default writes one only for GET and POST), and every
 * response an {@code X-Request-Id}.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final HttpErrors errors;
    private final JsonMapper json;

    JsonErrorHandler(HttpErrors errors, JsonMapper json) {
        this.errors = Objects.requireNonNull(errors, "errors");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        int status = HttpErrors.clientStatus(code);
        response.setStatus(status);
        byte[] body = json.writeValueAsBytes(errors.forStatus(code, message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (!response.getHeaders().contains(RequestObservation.HEADER)) {
            response.getHeaders().put(RequestObservation.HEADER, RequestObservation.newId());
        }
        if (HttpStatus.hasNoBody(status)) {
            callback.succeeded();
            return;
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
