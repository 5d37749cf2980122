package dev.portkit.bootstrap;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.portkit.adapters.http.archfixture.HttpAdapterUsingRedisAdapter;
import dev.portkit.adapters.postgres.archfixture.PostgresAdapterUsingInMemoryAdapter;
import dev.portkit.adapters.redis.archfixture.CycleA;
import dev.portkit.adapters.redis.archfixture.RedisAdapterUsingDagger;
import dev.portkit.adapters.redis.archfixture.cycle.CycleB;
import dev.portkit.application.archfixture.ApplicationUsingAnAdapter;
import dev.portkit.domain.archfixture.DomainUsingAFramework;
import org.junit.jupiter.api.Test;

/**
 * A rule that cannot fail protects nothing (a typo in a package name makes a rule pass on no
 * classes). Each rule of {@link ArchitectureTest} is checked here against a test-only class that
 * breaks it.
 */
class ArchitectureRulesCanFailTest {

    @Test
    void domainUsingALibraryIsRejected() {
        assertViolates(ArchitectureTest.domain_depends_only_on_the_jdk, DomainUsingAFramework.class);
    }

    @Test
    void applicationUsingAnAdapterIsRejected() {
        assertViolates(
                ArchitectureTest.application_depends_only_on_domain_and_the_jdk, ApplicationUsingAnAdapter.class);
        assertViolates(
                ArchitectureTest.adapters_depend_inwards_and_never_on_each_other, ApplicationUsingAnAdapter.class);
    }

    @Test
    void adapterUsingAnotherAdapterIsRejected() {
        assertViolates(
                ArchitectureTest.adapters_depend_inwards_and_never_on_each_other, HttpAdapterUsingRedisAdapter.class);
        assertViolates(
                ArchitectureTest.adapters_depend_inwards_and_never_on_each_other,
                PostgresAdapterUsingInMemoryAdapter.class);
    }

    @Test
    void adapterUsingBootstrapIsRejected() {
        assertViolates(ArchitectureTest.only_bootstrap_knows_bootstrap, HttpAdapterUsingRedisAdapter.class);
    }

    @Test
    void daggerOutsideBootstrapIsRejected() {
        assertViolates(ArchitectureTest.only_bootstrap_uses_dagger, RedisAdapterUsingDagger.class);
    }

    @Test
    void packageCycleIsRejected() {
        assertViolates(ArchitectureTest.packages_are_free_of_cycles, CycleA.class, CycleB.class);
    }

    private static void assertViolates(ArchRule rule, Class<?>... violators) {
        JavaClasses classes = new ClassFileImporter().importClasses(violators);
        assertThrows(AssertionError.class, () -> rule.check(classes), rule.getDescription());
    }
}
