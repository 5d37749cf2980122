package dev.portkit.testsupport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The harness's key isolation: every test class and every test gets a key prefix of its own, and only keys
 * under such a prefix are ever deleted, with {@code SCAN MATCH prefix*} and {@code UNLINK}; never {@code
 * FLUSHALL} or {@code FLUSHDB}, which would also delete data the tests did not create.
 */
final class TestKeys {

    /** Shared by every prefix of this JVM, so that two builds on one Redis never share a prefix. */
    private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);

    private static final AtomicLong CLASSES = new AtomicLong();
    private static final int SCAN_COUNT = 1_000;

    private TestKeys() {}

    /** A new prefix for a test class, e.g. {@code portkit-test:k3x9q2:7:}. */
    static String classPrefix() {
        return "portkit-test:" + RUN + ":" + CLASSES.incrementAndGet() + ":";
    }

    /**
     * Deletes every key whose name starts with {@code prefix}, in the database {@code client} selects.
     *
     * @return how many keys were deleted
     */
    static long deleteUnder(RespClient client, String prefix) throws IOException {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("refusing to delete every key: the prefix is empty");
        }
        long deleted = 0;
        try (RespClient.Session session = client.session()) {
            String cursor = "0";
            do {
                List<?> page = (List<?>) session.call(
                        "SCAN", cursor, "MATCH", glob(prefix) + "*", "COUNT", Integer.toString(SCAN_COUNT));
                cursor = (String) page.get(0);
                List<?> keys = (List<?>) page.get(1);
                if (!keys.isEmpty()) {
                    List<String> command = new ArrayList<>(List.of("UNLINK"));
                    keys.forEach(key -> command.add((String) key));
                    deleted += (Long) session.call(command.toArray(String[]::new));
                }
            } while (!cursor.equals("0"));
        }
        return deleted;
    }

    /** {@code literal} as a glob pattern that matches only itself. */
    static String glob(String literal) {
        StringBuilder pattern = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("*?[]\\^".indexOf(c) >= 0) {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.toString();
    }
}
