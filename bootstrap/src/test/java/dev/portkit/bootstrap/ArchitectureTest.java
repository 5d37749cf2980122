package dev.portkit.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The hexagon's dependency rule, checked on the compiled classes of every module.
 *
 * <p>Maven's module graph already blocks most violations at compile time; these rules also catch
 * what it cannot: a module that gains a Maven dependency it must not have (one adapter on another,
 * a framework in the domain) and uses it. {@link ArchitectureRulesCanFailTest} proves each rule
 * fails on a violating class.
 */
@AnalyzeClasses(packages = "dev.portkit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String DOMAIN = "dev.portkit.domain..";
    static final String APPLICATION = "dev.portkit.application..";
    static final String BOOTSTRAP = "dev.portkit.bootstrap..";

    @ArchTest
    static final ArchRule domain_depends_only_on_the_jdk = classes()
            .that()
            .resideInAPackage(DOMAIN)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(DOMAIN, "java..");

    @ArchTest
    static final ArchRule application_depends_only_on_domain_and_the_jdk = classes()
            .that()
            .resideInAPackage(APPLICATION)
            .should()
            .onlyDependOnClassesThat()
            // javax.crypto: the JDK's PBKDF2 for password hashing.
            .resideInAnyPackage(APPLICATION, DOMAIN, "java..", "javax.crypto..");

    @ArchTest
    static final ArchRule adapters_depend_inwards_and_never_on_each_other = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("domain")
            .definedBy(DOMAIN)
            .layer("application")
            .definedBy(APPLICATION)
            .layer("in-memory adapters")
            .definedBy("dev.portkit.adapters.inmemory..")
            .layer("redis adapters")
            .definedBy("dev.portkit.adapters.redis..")
            .layer("postgres adapters")
            .definedBy("dev.portkit.adapters.postgres..")
            .layer("http adapter")
            .definedBy("dev.portkit.adapters.http..")
            .layer("bootstrap")
            .definedBy(BOOTSTRAP)
            .whereLayer("bootstrap")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("in-memory adapters")
            .mayOnlyBeAccessedByLayers("bootstrap")
            .whereLayer("redis adapters")
            .mayOnlyBeAccessedByLayers("bootstrap")
            .whereLayer("postgres adapters")
            .mayOnlyBeAccessedByLayers("bootstrap")
            .whereLayer("http adapter")
            .mayOnlyBeAccessedByLayers("bootstrap")
            .whereLayer("application")
            .mayOnlyBeAccessedByLayers("http adapter", "bootstrap");

    @ArchTest
    static final ArchRule only_bootstrap_knows_bootstrap = noClasses()
            .that()
            .resideOutsideOfPackage(BOOTSTRAP)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(BOOTSTRAP);

    @ArchTest
    static final ArchRule only_bootstrap_uses_dagger = noClasses()
            .that()
            .resideOutsideOfPackage(BOOTSTRAP)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dagger..", "javax.inject..", "jakarta.inject..");

    @ArchTest
    static final ArchRule packages_are_free_of_cycles =
            slices().matching("dev.portkit.(**)").should().beFreeOfCycles();
}
