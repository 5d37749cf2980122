package dev.portkit.bootstrap;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaFieldAccess.AccessType;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The hexagon's rules, checked on the compiled main classes of every module on bootstrap's
 * classpath (no list of modules: a new {@code adapters-foo} is checked the day it appears, and
 * {@link #every_module_of_the_build_is_checked} fails if a module is not on the classpath).
 *
 * <p>Layers are package patterns under {@link #BASE}: ports and model ({@code domain}), use cases
 * ({@code application}), adapters ({@code adapters.<technology>}), wiring ({@code bootstrap}). An
 * adapter is a class in an adapters package that implements an interface of the domain (a port).
 * {@link ArchitectureRulesCanFailTest} proves each rule fails on a class that breaks it.
 */
@AnalyzeClasses(
        packages = ArchitectureTest.BASE,
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

    static final String BASE = "dev.portkit";
    static final String DOMAIN = BASE + ".domain..";
    static final String APPLICATION = BASE + ".application..";
    static final String ADAPTERS = BASE + ".adapters..";
    static final String WIRING = BASE + ".bootstrap..";
    static final String TEST_SUPPORT = BASE + ".testsupport..";

    @ArchTest
    static final ArchRule layers_depend_inwards_and_every_class_has_a_layer = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("domain")
            .definedBy(DOMAIN)
            .layer("application")
            .definedBy(APPLICATION)
            .layer("adapters")
            .definedBy(ADAPTERS)
            .layer("wiring")
            .definedBy(WIRING)
            .layer("test support")
            .definedBy(TEST_SUPPORT)
            .whereLayer("wiring")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("test support")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("adapters")
            .mayOnlyBeAccessedByLayers("wiring")
            .whereLayer("application")
            .mayOnlyBeAccessedByLayers("adapters", "wiring")
            .ensureAllClassesAreContainedInArchitecture();

    @ArchTest
    static final ArchRule adapters_never_depend_on_each_other = slices().matching(BASE + ".adapters.(*)..")
            .namingSlices("adapters-$1")
            .should()
            .notDependOnEachOther();

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
    static final ArchRule only_the_wiring_module_uses_dagger = noClasses()
            .that()
            .resideOutsideOfPackage(WIRING)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dagger..", "javax.inject..", "jakarta.inject..");

    @ArchTest
    static final ArchRule adapters_are_final = adapters().should().haveModifier(JavaModifier.FINAL);

    @ArchTest
    static final ArchRule adapters_are_named_technology_and_port = adapters().should(beNamedTechnologyAndPort());

    @ArchTest
    static final ArchRule adapters_are_constructor_injected =
            adapters().should(haveNoInjectedFieldsOrMethods()).andShould(setTheirFieldsOnlyInTheirConstructors());

    @ArchTest
    static final ArchRule packages_are_free_of_cycles =
            slices().matching(BASE + ".(**)").should().beFreeOfCycles();

    /** A module whose classes are not on bootstrap's classpath would be checked by no rule above. */
    @ArchTest
    static void every_module_of_the_build_is_checked(JavaClasses classes) {
        assertEquals(List.of(), modulesWithoutImportedClasses(projectRoot(), classes), """
                These modules have main classes that ArchitectureTest does not see. Make each one a \
                dependency of bootstrap (test scope is enough) so that the rules check it""");
    }

    /**
     * Top-level classes in an adapters package that implement a port: a top-level interface of the
     * domain. Nested helpers that implement a domain SPI (such as {@code CacheLoads.Store}) are not
     * adapters.
     */
    static GivenClassesConjunction adapters() {
        return classes()
                .that()
                .resideInAPackage(ADAPTERS)
                .and()
                .areTopLevelClasses()
                .and(implementAPort());
    }

    private static DescribedPredicate<JavaClass> implementAPort() {
        return DescribedPredicate.describe(
                "implement a port (a top-level interface in " + DOMAIN + ")",
                javaClass -> !ports(javaClass).isEmpty());
    }

    private static List<JavaClass> ports(JavaClass javaClass) {
        return javaClass.getAllRawInterfaces().stream()
                .filter(resideInAPackage(DOMAIN))
                .filter(JavaClass::isTopLevelClass)
                .toList();
    }

    /** {@code RedisCache}, {@code InMemoryStockStore}: a technology, then the name of a port it implements. */
    private static ArchCondition<JavaClass> beNamedTechnologyAndPort() {
        return new ArchCondition<>("be named technology + port (e.g. RedisCache)") {
            @Override
            public void check(JavaClass adapter, ConditionEvents events) {
                String name = adapter.getSimpleName();
                List<String> ports =
                        ports(adapter).stream().map(JavaClass::getSimpleName).toList();
                boolean named = ports.stream()
                        .anyMatch(port -> name.endsWith(port)
                                && name.length() > port.length()
                                && Character.isUpperCase(name.charAt(0)));
                events.add(new SimpleConditionEvent(
                        adapter,
                        named,
                        adapter.getName() + " implements " + String.join(", ", ports)
                                + (named ? "" : " but its name is not a technology followed by one of them")));
            }
        };
    }

    /** No {@code @Inject} on fields or methods: dependencies come through the constructor. */
    private static ArchCondition<JavaClass> haveNoInjectedFieldsOrMethods() {
        return new ArchCondition<>("have no @Inject fields or methods") {
            @Override
            public void check(JavaClass adapter, ConditionEvents events) {
                Stream.concat(adapter.getFields().stream(), adapter.getMethods().stream())
                        .filter(member -> member.isAnnotatedWith(DescribedPredicate.describe(
                                "@Inject",
                                annotation ->
                                        annotation.getRawType().getSimpleName().equals("Inject"))))
                        .forEach(member -> events.add(SimpleConditionEvent.violated(
                                member, member.getFullName() + " is injected; take it in the constructor")));
            }
        };
    }

    /**
     * Every instance field is set only by the class's own constructors: no setter injection, no
     * state assigned later (mutable state lives in final fields of thread-safe holders).
     */
    private static ArchCondition<JavaClass> setTheirFieldsOnlyInTheirConstructors() {
        return new ArchCondition<>("set their fields only in their constructors") {
            @Override
            public void check(JavaClass adapter, ConditionEvents events) {
                for (JavaField field : adapter.getFields()) {
                    if (field.getModifiers().contains(JavaModifier.STATIC)) {
                        continue;
                    }
                    field.getAccessesToSelf().stream()
                            .filter(access -> access.getAccessType() == AccessType.SET)
                            .filter(access -> !setByOwnConstructor(access, adapter))
                            .forEach(access -> events.add(SimpleConditionEvent.violated(
                                    access, access.getDescription() + ": fields are set only in the constructor")));
                }
            }
        };
    }

    private static boolean setByOwnConstructor(JavaFieldAccess access, JavaClass adapter) {
        return access.getOrigin() instanceof JavaConstructor
                && access.getOrigin().getOwner().equals(adapter);
    }

    /**
     * The modules of the build (from the root pom's {@code <modules>}, recursively) that have main
     * Java sources but none of whose classes is among {@code classes}.
     */
    static List<String> modulesWithoutImportedClasses(Path root, JavaClasses classes) {
        List<Path> locations = classes.stream()
                .flatMap(javaClass -> javaClass.getSource().stream())
                .map(source -> classpathEntry(source.getUri()))
                .distinct()
                .toList();
        List<String> missing = new ArrayList<>();
        for (Path module : modules(root)) {
            Path output = module.resolve("target");
            if (hasJavaSources(module.resolve("src/main/java"))
                    && locations.stream().noneMatch(location -> location.startsWith(output))) {
                missing.add(root.relativize(module).toString());
            }
        }
        return missing;
    }

    /** The jar or the class file a class was imported from. */
    private static Path classpathEntry(URI source) {
        String uri = source.toString();
        if (uri.startsWith("jar:")) {
            uri = uri.substring("jar:".length(), uri.indexOf("!/"));
        }
        return Path.of(URI.create(uri)).toAbsolutePath().normalize();
    }

    private static List<Path> modules(Path project) {
        List<Path> modules = new ArrayList<>();
        if (!Files.isRegularFile(project.resolve("pom.xml"))) {
            return modules;
        }
        try {
            Element pom = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(project.resolve("pom.xml").toFile())
                    .getDocumentElement();
            for (Node section = pom.getFirstChild(); section != null; section = section.getNextSibling()) {
                if (!section.getNodeName().equals("modules")) {
                    continue;
                }
                for (Node entry = section.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
                    if (entry.getNodeName().equals("module")) {
                        Path module =
                                project.resolve(entry.getTextContent().trim()).normalize();
                        modules.add(module);
                        modules.addAll(modules(module));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("Cannot read " + project.resolve("pom.xml"), e);
        }
        return modules;
    }

    private static boolean hasJavaSources(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.anyMatch(file -> file.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The build's root directory: bootstrap's parent, found from these test classes' location. */
    private static Path projectRoot() {
        try {
            Path testClasses = Path.of(ArchitectureTest.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return testClasses
                    .toAbsolutePath()
                    .normalize()
                    .getParent()
                    .getParent()
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Keeps test-jars (the domain's contract suites and reference adapters) off the checked
     * classes: {@link ImportOption.DoNotIncludeTests} recognises test-classes directories only.
     */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }
}
