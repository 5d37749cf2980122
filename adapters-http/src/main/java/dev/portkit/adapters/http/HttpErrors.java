package dev.portkit.adapters.http;

import java.util.regex.Pattern;

/**
 * The errors of the HTTP layer itself (framing, limits, routing), whichever layer detects them:
 * Jetty before the router, Javalin, or the body reader. Each status has one stable code and a
 * message in the client's terms; a detail from the layer below is added only when it is plain text
 * (never a class name).
 */
final class HttpErrors {

    /** Text Jetty may add, such as "Duplicate Content-Length"; nothing with a dot, colon or brackets. */
    private static final Pattern PLAIN_DETAIL = Pattern.compile("[A-Za-z0-9 ,'/_-]{1,80}");

    private final long maxBodyBytes;

    HttpErrors(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Client input never gets a 5xx: Jetty's 501 for an unknown transfer coding and 505 for an HTTP
     * version other than 1.0 and 1.1 become 400 (their codes still say which).
     */
    static int clientStatus(int status) {
        return status == 501 || status == 505 ? 400 : status;
    }

    ApiError forStatus(int status, String detail) {
        return switch (status) {
            case 400 -> new ApiError("bad_request", "The request is malformed" + suffix(detail));
            case 501 -> new ApiError("bad_request", "The request's Transfer-Encoding is not supported; use chunked.");
            case 505 -> new ApiError("http_version_not_supported", "Use HTTP/1.1 or HTTP/1.0.");
            case 404 -> new ApiError("not_found", "No such resource.");
            case 405 -> new ApiError("method_not_allowed", "The method is not supported on this path.");
            case 408 -> new ApiError("request_timeout", "The request body did not arrive in time.");
            case 411 -> new ApiError("length_required", "A request body needs a Content-Length or chunked encoding.");
            case 413 -> new ApiError("payload_too_large", "The request body exceeds " + maxBodyBytes + " bytes.");
            case 414 -> new ApiError("uri_too_long", "The request URI is too long.");
            case 415 -> new ApiError("unsupported_media_type", "The request body's Content-Type is not supported.");
            case 417 -> new ApiError("expectation_failed", "The Expect header is not supported.");
            case 431 -> new ApiError("headers_too_large", "The request headers are too large or too many.");
            case 503 -> new ApiError("service_unavailable", "The service cannot answer right now; retry shortly.");
            default ->
                status >= 500
                        ? new ApiError("internal_error", "The server failed to handle the request.")
                        : new ApiError("bad_request", "The request is malformed" + suffix(detail));
        };
    }

    private static String suffix(String detail) {
        return detail != null
                        && PLAIN_DETAIL.matcher(detail).matches()
                        && !detail.contains("Exception")
                        && !detail.equalsIgnoreCase("Bad Request")
                ? ": " + detail + "."
                : ".";
    }
}
