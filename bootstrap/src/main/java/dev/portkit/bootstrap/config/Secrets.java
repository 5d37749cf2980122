package dev.portkit.bootstrap.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Decides how a configuration value may be shown in an error: secrets are masked. */
final class Secrets {

    private static final Pattern SECRET_NAME =
            Pattern.compile(".*(PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|AUTH_USERS).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?<=://)([^:@/]*):([^@/]*)@");

    private Secrets() {}

    /** The value quoted for an error message, masked when the variable may hold a secret. */
    static String shown(String name, String value) {
        if (SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches()) {
            return "\"***\"";
        }
        if (name.toUpperCase(Locale.ROOT).endsWith("_URL")) {
            return quote(URL_PASSWORD.matcher(value).replaceFirst("$1:***@"));
        }
        return quote(value);
    }

    private static String quote(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}", "?");
        return "\"" + (oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine) + "\"";
    }
}
