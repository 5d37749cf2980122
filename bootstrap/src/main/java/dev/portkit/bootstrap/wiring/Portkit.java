package dev.portkit.bootstrap.wiring;

import dev.portkit.domain.cache.Cache;

/** What every environment's component provides: the service, ready to start. */
public interface Portkit {

    PortkitService service();

    /** The cache port as wired for this environment. */
    Cache cache();

    /** The sources of truth the service was built on. */
    Stores stores();
}
