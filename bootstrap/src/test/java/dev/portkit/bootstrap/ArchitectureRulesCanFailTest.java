package dev.portkit.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.portkit.adapters.foo.archfixture.FooAdapterUsingRedisAdapter;
import dev.portkit.adapters.http.archfixture.HttpAdapterUsingRedisAdapter;
import dev.portkit.adapters.postgres.archfixture.PostgresAdapterUsingInMemoryAdapter;
import dev.portkit.adapters.redis.archfixture.CredentialStore;
import dev.portkit.adapters.redis.archfixture.CycleA;
import dev.portkit.adapters.redis.archfixture.RedisAdapterUsingDagger;
import dev.portkit.adapters.redis.archfixture.RedisCredentials;
import dev.portkit.adapters.redis.archfixture.RedisFieldInjectedCredentialStore;
import dev.portkit.adapters.redis.archfixture.RedisOpenCredentialStore;
import dev.portkit.adapters.redis.archfixture.RedisSetterInjectedCredentialStore;
import dev.portkit.application.archfixture.ApplicationUsingAnAdapter;
import dev.portkit.archfixture.ClassInNoLayer;
import dev.portkit.domain.archfixture.DomainUsingAFramework;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule that cannot fail protects nothing (a typo in a package name makes a rule pass on no
 * classes). Each rule of {@link ArchitectureTest} is checked here on the same classes plus the
 * test-only classes in {@code archfixture} packages, each of which breaks a rule: the rule must
 * report that class. {@link ArchitectureTest} shows the rules pass without them.
 */
class ArchitectureRulesCanFailTest {

    private static final ImportOption MAIN_CLASSES_AND_FIXTURES =
            location -> new ArchitectureTest.DoNotIncludeTestJars().includes(location)
                    && (new ImportOption.DoNotIncludeTests().includes(location) || location.contains("/archfixture/"));

    private static final JavaClasses CLASSES =
            new ClassFileImporter().withImportOption(MAIN_CLASSES_AND_FIXTURES).importPackages(ArchitectureTest.BASE);

    @Test
    void domainUsingALibraryIsRejected() {
        assertReports(ArchitectureTest.domain_depends_only_on_the_jdk, DomainUsingAFramework.class);
    }

    @Test
    void applicationUsingAnAdapterIsRejected() {
        assertReports(ArchitectureTest.application_depends_only_on_domain_and_the_jdk, ApplicationUsingAnAdapter.class);
        assertReports(
                ArchitectureTest.layers_depend_inwards_and_every_class_has_a_layer, ApplicationUsingAnAdapter.class);
    }

    @Test
    void adapterUsingBootstrapIsRejected() {
        assertReports(
                ArchitectureTest.layers_depend_inwards_and_every_class_has_a_layer, HttpAdapterUsingRedisAdapter.class);
    }

    @Test
    void classOutsideEveryLayerIsRejected() {
        assertReports(ArchitectureTest.layers_depend_inwards_and_every_class_has_a_layer, ClassInNoLayer.class);
    }

    @Test
    void adapterUsingAnotherAdapterIsRejected() {
        assertReports(ArchitectureTest.adapters_never_depend_on_each_other, HttpAdapterUsingRedisAdapter.class);
        assertReports(ArchitectureTest.adapters_never_depend_on_each_other, PostgresAdapterUsingInMemoryAdapter.class);
    }

    @Test
    void adapterModuleAddedLaterUsingAnotherAdapterIsRejected() {
        assertReports(ArchitectureTest.adapters_never_depend_on_each_other, FooAdapterUsingRedisAdapter.class);
    }

    @Test
    void daggerOutsideTheWiringIsRejected() {
        assertReports(ArchitectureTest.only_the_wiring_module_uses_dagger, RedisAdapterUsingDagger.class);
        assertReports(ArchitectureTest.only_the_wiring_module_uses_dagger, RedisFieldInjectedCredentialStore.class);
    }

    @Test
    void adapterThatIsNotFinalIsRejected() {
        assertReports(ArchitectureTest.adapters_are_final, RedisOpenCredentialStore.class);
    }

    @Test
    void adapterNotNamedTechnologyAndPortIsRejected() {
        assertReports(ArchitectureTest.adapters_are_named_technology_and_port, RedisCredentials.class);
        assertReports(ArchitectureTest.adapters_are_named_technology_and_port, CredentialStore.class);
    }

    @Test
    void adapterWithSetterInjectionIsRejected() {
        assertReports(ArchitectureTest.adapters_are_constructor_injected, RedisSetterInjectedCredentialStore.class);
    }

    @Test
    void adapterWithFieldInjectionIsRejected() {
        assertReports(ArchitectureTest.adapters_are_constructor_injected, RedisFieldInjectedCredentialStore.class);
    }

    @Test
    void packageCycleIsRejected() {
        assertReports(ArchitectureTest.packages_are_free_of_cycles, CycleA.class);
    }

    @Test
    void moduleMissingFromTheClasspathIsReported(@TempDir Path project) throws IOException {
        pom(project, "adapters-foo", "docs", "nested");
        source(project.resolve("adapters-foo"), "Foo.java");
        Files.createDirectories(project.resolve("docs"));
        pom(project.resolve("nested"), "adapters-bar");
        source(project.resolve("nested/adapters-bar"), "Bar.java");

        assertEquals(
                List.of("adapters-foo", Path.of("nested", "adapters-bar").toString()),
                ArchitectureTest.modulesWithoutImportedClasses(project, CLASSES));
    }

    private static void assertReports(ArchRule rule, Class<?> violator) {
        EvaluationResult result = rule.evaluate(CLASSES);
        List<String> details = result.getFailureReport().getDetails();
        assertTrue(
                details.stream().anyMatch(line -> line.contains(violator.getName())),
                () -> "'" + rule.getDescription() + "' does not report " + violator.getName() + ", only " + details);
    }

    private static void pom(Path directory, String... modules) throws IOException {
        StringBuilder pom = new StringBuilder("<project><modules>");
        for (String module : modules) {
            pom.append("<module>").append(module).append("</module>");
        }
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("pom.xml"), pom.append("</modules></project>"));
    }

    private static void source(Path module, String file) throws IOException {
        Path sources = Files.createDirectories(module.resolve("src/main/java/org/example"));
        Files.writeString(sources.resolve(file), "package org.example;\n");
    }
}
