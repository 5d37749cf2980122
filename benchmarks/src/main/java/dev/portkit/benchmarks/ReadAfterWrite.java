package dev.portkit.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read-after-write staleness of one portkit instance, through HTTP, as a client sees it: one writer
 * {@code PUT}s new versions of a few content items as fast as it can, while reader threads {@code
 * GET} them. Before each read a reader notes the newest version whose {@code PUT} has already
 * answered 200; a read that then returns an older version is <b>stale</b>: it started after the
 * write returned, yet saw what came before it. The service promises none.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.portkit.benchmarks.ReadAfterWrite
 * BASE_URL USER PASSWORD [SECONDS] [READERS] [ITEMS]}; {@code scripts/read-after-write} starts Redis
 * and the service and runs it with the near cache on and off. Prints one line of counts.
 */
public final class ReadAfterWrite {

    private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private ReadAfterWrite(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ReadAfterWrite BASE_URL USER PASSWORD [SECONDS] [READERS] [ITEMS]");
            System.exit(2);
        }
        Duration duration = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 20);
        int readers = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int items = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        new ReadAfterWrite(args[0]).run(args[1], args[2], duration, readers, items);
    }

    private void run(String user, String password, Duration duration, int readerCount, int itemCount) throws Exception {
        String token = first(
                TOKEN,
                send(
                        "POST",
                        "/api/sessions",
                        null,
                        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}",
                        201));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < itemCount; i++) {
            ids.add(first(ID, send("POST", "/api/content/event", token, body(0), 201)));
        }
        AtomicLongArray acknowledged = new AtomicLongArray(itemCount); // newest version a PUT answered
        for (int i = 0; i < itemCount; i++) {
            acknowledged.set(i, 1);
        }
        LongAdder writes = new LongAdder();
        LongAdder reads = new LongAdder();
        LongAdder hits = new LongAdder();
        LongAdder stale = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicLong worstLagMicros = new AtomicLong();
        AtomicLongArray acknowledgedAtNanos = new AtomicLongArray(itemCount);
        long end = System.nanoTime() + duration.toNanos();

        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(
                () -> {
                    for (long n = 1; System.nanoTime() < end; n++) {
                        int item = (int) (n % itemCount);
                        try {
                            String reply = send("PUT", "/api/content/event/" + ids.get(item), token, body(n), 200);
                            long now = System.nanoTime();
                            acknowledgedAtNanos.set(item, now);
                            acknowledged.accumulateAndGet(item, version(reply), Math::max);
                            writes.increment();
                        } catch (Exception e) {
                            errors.increment();
                        }
                    }
                },
                "writer"));
        for (int r = 0; r < readerCount; r++) {
            threads.add(new Thread(
                    () -> {
                        while (System.nanoTime() < end) {
                            int item = ThreadLocalRandom.current().nextInt(itemCount);
                            long mustSee = acknowledged.get(item);
                            long since = acknowledgedAtNanos.get(item);
                            try {
                                HttpResponse<String> reply = get("/api/content/event/" + ids.get(item));
                                reads.increment();
                                if ("HIT"
                                        .equals(reply.headers()
                                                .firstValue("X-Cache")
                                                .orElse(""))) {
                                    hits.increment();
                                }
                                if (version(reply.body()) < mustSee) {
                                    stale.increment();
                                    long lag = (System.nanoTime() - since) / 1_000;
                                    worstLagMicros.accumulateAndGet(lag, Math::max);
                                }
                            } catch (Exception e) {
                                errors.increment();
                            }
                        }
                    },
                    "reader-" + r));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.printf(
                "writes %d reads %d hits %d stale %d (%.3f %%) worst-stale-read-ended-ms-after-write %.1f errors %d%n",
                writes.sum(),
                reads.sum(),
                hits.sum(),
                stale.sum(),
                reads.sum() == 0 ? 0.0 : 100.0 * stale.sum() / reads.sum(),
                worstLagMicros.get() / 1000.0,
                errors.sum());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> reply = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + reply.statusCode() + " " + reply.body());
        }
        return reply;
    }

    private String send(String method, String path, String token, String json, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + reply.statusCode() + " " + reply.body());
        }
        return reply.body();
    }

    private static String body(long n) {
        return "{\"data\":{\"title\":\"read after write\",\"n\":" + n + "}}";
    }

    private static long version(String json) {
        return Long.parseLong(first(VERSION, json));
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return matcher.group(1);
    }
}
