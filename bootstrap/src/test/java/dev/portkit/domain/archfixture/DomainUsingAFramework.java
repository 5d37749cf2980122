package dev.portkit.domain.archfixture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Violates the dependency rule on purpose: the domain must not use a library. */
public final class DomainUsingAFramework {
    public static final Logger LOG = LoggerFactory.getLogger(DomainUsingAFramework.class);
}
