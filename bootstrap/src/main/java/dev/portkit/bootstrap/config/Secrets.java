package dev.portkit.bootstrap.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Decides how a configuration value may be shown in an error: secrets are masked. */
final class Secrets {

    private static final Pattern SECRET_NAME =
            Pattern.compile(".*(PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|AUTH_USERS).*");
    private static final Pattern SECRET_QUERY_PARAMETER =
            Pattern.compile("(?i)([?&;](?:password|sslpassword|secret|token|api[_-]?key)=)[^&;#]*");

    private Secrets() {}

    /** The value quoted for an error message, masked when the variable may hold a secret. */
    static String shown(String name, String value) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (SECRET_NAME.matcher(upper).matches()) {
            return "\"***\"";
        }
        // addresses may carry credentials (user:password@host), whether a URL, a host or a list of nodes
        boolean address = upper.endsWith("_URL") || upper.endsWith("_HOST") || upper.endsWith("_NODES");
        return quote(address ? maskUrl(value) : value);
    }

    /**
     * A URL with its credentials masked, whatever their characters and whether or not the URL
     * parses: everything between {@code ://} and the last {@code @} (the user information, even
     * with an unescaped {@code /} or {@code @} in a password) becomes {@code ***}, and so do the
     * values of query parameters such as {@code password=}. For {@code redis://}, {@code
     * postgresql://} or any other URL.
     */
    static String maskUrl(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = url.lastIndexOf('@');
        String masked = at >= start ? url.substring(0, start) + "***" + url.substring(at) : url;
        return SECRET_QUERY_PARAMETER.matcher(masked).replaceAll("$1***");
    }

    private static String quote(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}", "?");
        return "\"" + (oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine) + "\"";
    }
}
