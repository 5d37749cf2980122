package dev.portkit.bootstrap.wiring;

/** What every environment's component provides: the service, ready to start. */
public interface Portkit {

    PortkitService service();
}
