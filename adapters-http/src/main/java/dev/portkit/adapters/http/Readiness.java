package dev.portkit.adapters.http;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the service accepts traffic: false while starting and again while draining at shutdown,
 * so that {@code GET /health/ready} tells a load balancer to stop sending requests before the
 * server stops.
 */
public final class Readiness {

    private final AtomicBoolean ready = new AtomicBoolean();

    public boolean isReady() {
        return ready.get();
    }

    public void markReady() {
        ready.set(true);
    }

    public void markDraining() {
        ready.set(false);
    }
}
