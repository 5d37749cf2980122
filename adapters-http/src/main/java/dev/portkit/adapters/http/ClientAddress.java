package dev.portkit.adapters.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The address of the client a request comes from, for rate limits and logs.
 *
 * <p>It is the connection's address, unless that is a {@link TrustedProxies trusted proxy}: then it
 * is the nearest address in {@code Forwarded} ({@code for=}), or else in {@code X-Forwarded-For},
 * that is not itself a trusted proxy, read from the right (the hop closest to the service) because
 * only the hops that trusted proxies appended can be believed. A hop that is not an IP address
 * (such as {@code unknown}) ends the walk at the last proxy.
 */
public final class ClientAddress {

    private static final String ATTRIBUTE = ClientAddress.class.getName();

    private ClientAddress() {}

    /** The client address of a request, as {@link HttpServer} resolved it when the request arrived. */
    public static String of(Context ctx) {
        String resolved = ctx.attribute(ATTRIBUTE);
        return resolved != null ? resolved : ctx.ip();
    }

    /** Resolves the request's client address once and keeps it for {@link #of(Context)}. */
    static String resolve(Context ctx, TrustedProxies proxies) {
        String address = resolve(ctx.ip(), headers(ctx, "Forwarded"), headers(ctx, "X-Forwarded-For"), proxies);
        ctx.attribute(ATTRIBUTE, address);
        return address;
    }

    static String resolve(String peer, List<String> forwarded, List<String> forwardedFor, TrustedProxies proxies) {
        Optional<InetAddress> connection = TrustedProxies.literal(peer);
        if (connection.isEmpty() || !proxies.trusts(connection.get())) {
            return peer;
        }
        List<String> hops = forwarded.isEmpty() ? split(forwardedFor) : forHops(forwarded);
        InetAddress client = connection.get();
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = TrustedProxies.literal(hops.get(i));
            if (hop.isEmpty()) {
                break;
            }
            client = hop.get();
            if (!proxies.trusts(client)) {
                break;
            }
        }
        return client.getHostAddress();
    }

    private static List<String> headers(Context ctx, String name) {
        List<String> values = new ArrayList<>();
        Enumeration<String> lines = ctx.req().getHeaders(name);
        while (lines != null && lines.hasMoreElements()) {
            values.add(lines.nextElement());
        }
        return values;
    }

    private static List<String> split(List<String> lines) {
        List<String> hops = new ArrayList<>();
        for (String line : lines) {
            for (String hop : line.split(",", -1)) {
                hops.add(hop.strip());
            }
        }
        return hops;
    }

    /** The {@code for=} of each element of RFC 7239 {@code Forwarded}, without quotes, brackets or port. */
    private static List<String> forHops(List<String> lines) {
        List<String> hops = new ArrayList<>();
        for (String element : split(lines)) {
            String node = "";
            for (String pair : element.split(";", -1)) {
                int equals = pair.indexOf('=');
                if (equals > 0
                        && pair.substring(0, equals)
                                .strip()
                                .toLowerCase(Locale.ROOT)
                                .equals("for")) {
                    node = pair.substring(equals + 1).strip();
                }
            }
            hops.add(nodeAddress(node));
        }
        return hops;
    }

    private static String nodeAddress(String node) {
        String value = node.length() >= 2 && node.startsWith("\"") && node.endsWith("\"")
                ? node.substring(1, node.length() - 1)
                : node;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            return close > 0 ? value.substring(1, close) : "";
        }
        int colon = value.indexOf(':');
        return colon >= 0 && value.indexOf(':', colon + 1) < 0 ? value.substring(0, colon) : value;
    }
}
