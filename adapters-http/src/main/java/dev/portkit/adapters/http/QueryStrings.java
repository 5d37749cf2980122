package dev.portkit.adapters.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a query string that cannot be decoded: a {@code %} not followed by two hex digits, or
 * escapes that are not UTF-8. The servlet layer would drop such parameters silently, so {@code
 * ?cursor=%%garbage} would read as a request without a cursor.
 */
final class QueryStrings {

    private QueryStrings() {}

    static void check(Context ctx) {
        String query = ctx.queryString();
        if (query != null && !decodable(query)) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_query",
                    "The query string is not valid percent-encoding: write % as %25, and escape UTF-8 bytes only.");
        }
    }

    static boolean decodable(String query) {
        ByteBuffer bytes = ByteBuffer.allocate(query.length());
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                if (i + 2 >= query.length()) {
                    return false;
                }
                int high = Character.digit(query.charAt(i + 1), 16);
                int low = Character.digit(query.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return false;
                }
                bytes.put((byte) (high * 16 + low));
                i += 2;
            } else if (c > 0x7E || c < 0x20) {
                return false;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
