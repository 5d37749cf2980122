package dev.portkit.bootstrap.wiring;

import dev.portkit.bootstrap.PortkitService;

/** What every environment's component provides: the service, ready to start. */
public interface Portkit {

    PortkitService service();
}
