package dev.portkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A developer points {@code PORTKIT_TEST_REDIS_URL} (and, by habit, the service's own {@code REDIS_URL}) at a
 * Redis that holds other data, and runs the tests: afterwards that data is exactly as it was, and nothing the
 * tests wrote is left behind. The tests run in a child JVM with that environment, as a build would run them.
 */
class ForeignDataIT {

    private static final String PASSWORD = "foreign-secret";

    /** The developer's Redis: started here so that the test can seed it and look at it afterwards. */
    @RegisterExtension
    static final RedisServerExtension shared =
            RedisServerExtension.builder().password(PASSWORD).build();

    private static RespClient admin;

    @BeforeAll
    static void connect() {
        admin = new RespClient(shared.host(), shared.port(), PASSWORD, javax.net.SocketFactory.getDefault());
    }

    @Test
    void aTestRunOnARedisWithOtherDataLeavesThatDataExactlyAsItWas() throws Exception {
        seedForeignData();
        Map<String, String> before = snapshot();
        assertTrue(before.size() > 200, "seeded " + before.size() + " keys");

        String url = "redis://:" + PASSWORD + "@" + shared.host() + ":" + shared.port() + "/0";
        String output = runNested(
                Map.of(RedisServerExtension.URL_VARIABLE, url, "REDIS_URL", url),
                OnTheDevelopersRedis.class,
                RedisServerExtensionIT.class);

        assertTrue(output.contains("NESTED-RUN found="), output);
        assertFalse(output.contains("found=0 "), output);
        assertTrue(output.contains(" failed=0"), output);
        assertEquals(before, snapshot(), "the Redis holds exactly what it held before the tests ran");
    }

    /** Strings, a hash and keys that look like the tests' own, in two databases; some with a TTL. */
    private static void seedForeignData() throws IOException {
        try (RespClient.Session session = admin.session()) {
            for (int i = 0; i < 200; i++) {
                session.call("SET", "foreign:" + i, "value-" + i);
            }
            session.call("HSET", "foreign:hash", "field", "value");
            session.call("SET", "foreign:expiring", "v", "EX", "3600");
            session.call("SET", "portkit:cache:{articles:3}:gen", "42"); // the service's own keys
            session.call("SET", "portkit-test:another-run:1:1:key", "v"); // another build's test keys
            session.call("SET", "portkit-test:*", "a key named like a pattern");
            session.call("SELECT", "1");
            session.call("SET", "foreign-in-database-1", "v");
        }
    }

    /** Every key of databases 0 and 1 with its type, value and whether it expires. */
    private static Map<String, String> snapshot() throws IOException {
        Map<String, String> keys = new TreeMap<>();
        for (int database : new int[] {0, 1}) {
            try (RespClient.Session session = admin.inDatabase(database).session()) {
                String cursor = "0";
                do {
                    List<?> page = (List<?>) session.call("SCAN", cursor, "COUNT", "1000");
                    cursor = (String) page.get(0);
                    for (Object key : (List<?>) page.get(1)) {
                        String name = (String) key;
                        String type = (String) session.call("TYPE", name);
                        Object value = type.equals("hash") ? session.call("HGETALL", name) : session.call("GET", name);
                        long ttl = (Long) session.call("PTTL", name);
                        keys.put(database + "/" + name, type + " " + value + (ttl > 0 ? " expiring" : ""));
                    }
                } while (!cursor.equals("0"));
            }
        }
        return keys;
    }

    /** Runs the classes' tests in a child JVM with this test's class path and {@code environment} added. */
    private static String runNested(Map<String, String> environment, Class<?>... classes) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(
                List.of(java, "-cp", System.getProperty("java.class.path"), NestedTestRun.class.getName()));
        for (Class<?> type : classes) {
            command.add(type.getName());
        }
        Path log = Files.createTempFile("portkit-nested-run", ".log");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the nested run did not end within 5 minutes");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Run only by the test above, in its child JVM: tests that use the developer's Redis as the harness
     * offers it, writing and cleaning up as tests do, and trying what must be refused there.
     */
    static final class OnTheDevelopersRedis {

        @RegisterExtension
        static final RedisServerExtension redis = new RedisServerExtension();

        private static RespClient client;

        @BeforeAll
        static void writeUnderTheClassPrefix() throws IOException {
            assertFalse(redis.isManaged(), "PORTKIT_TEST_REDIS_URL is used");
            client = new RespClient(
                    redis.host(), redis.port(), redis.password().orElseThrow(), javax.net.SocketFactory.getDefault());
            client.call("SET", redis.keyPrefix() + "written-in-before-all", "v");
        }

        @Test
        void writesUnderItsPrefixAsMuchAsItLikes() throws IOException {
            try (RespClient.Session session = client.session()) {
                for (int i = 0; i < 1_500; i++) {
                    session.call("SET", redis.keyPrefix() + "key:" + i, "v");
                }
                session.call("HSET", redis.keyPrefix() + "hash", "f", "v");
                session.call("SET", redis.keyPrefix() + "*", "a key named like a pattern");
            }
            assertEquals("v", client.text("GET", redis.keyPrefix() + "key:1499"));
        }

        @Test
        void cannotFlushStopOrHangARedisItDidNotStart() {
            assertThrows(IllegalStateException.class, redis::flushAll);
            assertThrows(IllegalStateException.class, redis::stop);
            assertThrows(IllegalStateException.class, redis::hang);
            assertThrows(IllegalArgumentException.class, () -> redis.deleteKeysUnder("foreign:"));
        }

        @Test
        void theServicesVariablesPointAtThisRedisUnderThisTestsPrefix() {
            Map<String, String> variables = redis.environment();

            assertEquals(redis.keyPrefix(), variables.get("REDIS_KEY_PREFIX"));
            assertEquals(PASSWORD, variables.get("REDIS_PASSWORD"));
            assertFalse(variables.get("REDIS_URL").contains(PASSWORD), variables.get("REDIS_URL"));
        }
    }
}
