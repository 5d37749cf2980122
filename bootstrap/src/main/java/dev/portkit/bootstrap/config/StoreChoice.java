package dev.portkit.bootstrap.config;

/** Where content, stock, sessions and users are kept ({@code STORE}): the sources of truth. */
public enum StoreChoice {
    /**
     * PostgreSQL: the one at {@code DATABASE_URL}, or without it an embedded PostgreSQL with its data in {@code
     * DATA_DIR}. Nothing is lost to a restart, and instances on one database share everything.
     */
    POSTGRES,
    /** In this process's memory: for demos and fast tests. Lost on restart, not shared between instances. */
    MEMORY
}
