package dev.portkit.adapters.inmemory.lock;

import dev.portkit.domain.lock.LockContract;
import dev.portkit.domain.lock.LockService;

class InMemoryLockServiceTest extends LockContract {

    private final InMemoryLockService locks = new InMemoryLockService();

    @Override
    protected LockService locks() {
        return locks;
    }

    /** In one process there is no other instance: a second handle is the same service. */
    @Override
    protected LockService otherInstance() {
        return locks;
    }
}
