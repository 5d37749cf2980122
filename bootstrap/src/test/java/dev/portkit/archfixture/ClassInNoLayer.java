package dev.portkit.archfixture;

/** Violates the rules on purpose: a package that is neither domain, application, adapters nor wiring. */
public final class ClassInNoLayer {}
