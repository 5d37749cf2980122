package dev.portkit.adapters.redis.lock;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.LettuceClients;
import dev.portkit.domain.lock.LockLease;
import dev.portkit.domain.lock.LockUnavailableException;
import dev.portkit.testsupport.RedisServerExtension;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** With Redis stopped the lock fails closed: an error, never a lock it cannot vouch for. */
class RedisLockServiceOutageIT {

    private static final Logger log = LoggerFactory.getLogger(RedisLockServiceOutageIT.class);

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private final String name = "outage-" + UUID.randomUUID();
    private RedisClient client;

    @AfterEach
    void tearDown() {
        redis.start();
        if (client != null) {
            client.shutdown();
        }
    }

    @Test
    void everyOperationFailsClosedWhileRedisIsDownAndWorksAgainWhenItIsBack() {
        client = LettuceClients.create(RedisLockServiceIT.settings(redis));
        RedisLockService locks = new RedisLockService(client.connect(), "portkit:");
        LockLease held =
                locks.tryAcquire(name, Duration.ofSeconds(30), Duration.ZERO).orElseThrow();

        redis.stop();

        long started = System.nanoTime();
        assertThrows(
                LockUnavailableException.class,
                () -> locks.tryAcquire(name, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        log.info(
                "tryAcquire with Redis stopped failed after {} ms (lock wait 30 s)",
                (System.nanoTime() - started) / 1_000_000);
        assertThrows(LockUnavailableException.class, () -> locks.extend(held, Duration.ofSeconds(30)));
        assertThrows(LockUnavailableException.class, () -> locks.release(held));

        redis.start(); // empty: the old lock is gone with the data
        Optional<LockLease> again = Optional.empty();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (again.isEmpty() && System.nanoTime() < deadline) {
            try {
                again = locks.tryAcquire(name, Duration.ofSeconds(30), Duration.ZERO);
            } catch (LockUnavailableException reconnecting) {
                sleep();
            }
        }
        assertTrue(again.isPresent(), "the lock works again once Redis is back");
    }

    @Test
    void aBoundedWaitFailsAtOnceWhenRedisGoesAwayWhileWaiting() throws Exception {
        client = LettuceClients.create(RedisLockServiceIT.settings(redis));
        RedisLockService locks = new RedisLockService(client.connect(), "portkit:");
        locks.tryAcquire(name, Duration.ofSeconds(30), Duration.ZERO).orElseThrow();
        Thread stopper = new Thread(() -> {
            sleep();
            redis.stop();
        });
        stopper.start();

        assertThrows(
                LockUnavailableException.class,
                () -> locks.tryAcquire(name, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        stopper.join();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
