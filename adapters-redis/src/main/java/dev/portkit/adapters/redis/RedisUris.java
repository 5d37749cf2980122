package dev.portkit.adapters.redis;

import java.net.URI;

/** Renders Redis URIs for logs and errors: the password never appears. */
public final class RedisUris {

    private RedisUris() {}

    /** {@code redis://user:secret@host:6379/0} becomes {@code redis://user:***@host:6379/0}. */
    public static String redact(URI uri) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return uri.toString();
        }
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        String text = uri.toString();
        return text.replace(userInfo + "@", user + ":***@");
    }
}
