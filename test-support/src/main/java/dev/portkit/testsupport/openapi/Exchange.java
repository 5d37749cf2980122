package dev.portkit.testsupport.openapi;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request and the response it got, as bytes and headers, for {@link OpenApiContract}.
 *
 * @param method the request method, e.g. {@code GET}
 * @param target the raw request target: a path and an optional {@code ?query}, as sent
 * @param requestHeaders the request's headers, names in any case
 * @param requestBody the request body, empty for none
 * @param status the response status
 * @param responseHeaders the response's headers, names in any case
 * @param responseBody the response body, empty for none
 */
public record Exchange(
        String method,
        String target,
        Map<String, List<String>> requestHeaders,
        byte[] requestBody,
        int status,
        Map<String, List<String>> responseHeaders,
        byte[] responseBody) {

    public Exchange {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        requestHeaders = caseInsensitive(requestHeaders);
        responseHeaders = caseInsensitive(responseHeaders);
        requestBody = requestBody == null ? new byte[0] : requestBody;
        responseBody = responseBody == null ? new byte[0] : responseBody;
    }

    /** The first value of a request header. */
    public Optional<String> requestHeader(String name) {
        return first(requestHeaders, name);
    }

    /** The first value of a response header. */
    public Optional<String> responseHeader(String name) {
        return first(responseHeaders, name);
    }

    /** The target of a request sent with a {@link URI}: its raw path and query. */
    public static String target(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** The raw path of the target. */
    public String rawPath() {
        int question = target.indexOf('?');
        return question < 0 ? target : target.substring(0, question);
    }

    /** The raw query of the target, or null without one. */
    public String rawQuery() {
        int question = target.indexOf('?');
        return question < 0 ? null : target.substring(question + 1);
    }

    /** The method and the raw request target, for messages. */
    public String request() {
        return method + " " + target;
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static Map<String, List<String>> caseInsensitive(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new TreeMap<>();
        if (headers != null) {
            headers.forEach((name, values) -> copy.computeIfAbsent(
                            name.toLowerCase(Locale.ROOT), n -> new java.util.ArrayList<>())
                    .addAll(values));
        }
        return copy;
    }
}
