package dev.portkit.adapters.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address ranges of proxies (load balancers) in front of the service. Only a request whose
 * connection comes from one of them has its client address taken from {@code Forwarded} or {@code
 * X-Forwarded-For}; anyone else could write those headers to pose as another client.
 */
public final class TrustedProxies {

    /** Trusts nobody: the client address is the connection's. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), "");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Range> ranges;
    private final String text;

    private TrustedProxies(List<Range> ranges, String text) {
        this.ranges = List.copyOf(ranges);
        this.text = text;
    }

    /**
     * Parses comma-separated addresses and CIDR ranges, e.g. {@code 10.0.0.0/8, 192.168.1.7,
     * fd00::/8}; blank means {@link #NONE}. Host names are refused (no DNS lookup at start-up).
     *
     * @throws IllegalArgumentException naming the entry that is not an IP address or range
     */
    public static TrustedProxies parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return NONE;
        }
        List<Range> ranges = new ArrayList<>();
        for (String entry : commaSeparated.split(",", -1)) {
            ranges.add(Range.parse(entry.strip()));
        }
        return new TrustedProxies(
                ranges, String.join(",", ranges.stream().map(Range::toString).toList()));
    }

    /** Whether connections from {@code address} come from a trusted proxy. */
    public boolean trusts(InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** An IP address literal, or empty for anything else (a name, {@code unknown}, garbage). */
    static Optional<InetAddress> literal(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text)); // a literal: no lookup
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return text;
    }

    private record Range(byte[] network, int prefix, String text) {

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress parsed = literal(address)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "\"" + entry + "\" is not an IP address or CIDR range such as 10.0.0.0/8"));
            int bits = parsed instanceof Inet4Address ? 32 : 128;
            int prefix = bits;
            if (slash >= 0) {
                String length = entry.substring(slash + 1);
                if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                    throw new IllegalArgumentException(
                            "\"" + entry + "\" has a prefix length that is not 0 to " + bits);
                }
                prefix = Integer.parseInt(length);
            }
            return new Range(parsed.getAddress(), prefix, parsed.getHostAddress() + "/" + prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
