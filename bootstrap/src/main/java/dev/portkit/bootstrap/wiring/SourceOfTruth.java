package dev.portkit.bootstrap.wiring;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import javax.inject.Qualifier;

/** Marks what the {@link Stores} contribute: the database's session store, health check and shutdown. */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface SourceOfTruth {}
