package dev.confab.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of docs/architecture.md ("Packages of the server"), checked on the compiled server. */
@AnalyzeClasses(packages = "dev.confab", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {
    /** Domain packages: the rules in plain Java, knowing nothing of HTTP, sockets, SQL, JSON or Micrometer. */
    private static final String[] DOMAIN = {
        "dev.confab.error..",
        "dev.confab.account..",
        "dev.confab.message..",
        "dev.confab.room..",
        "dev.confab.limit..",
        "dev.confab.inbox..",
        "dev.confab.media..",
        "dev.confab.presence..",
        "dev.confab.fanout..",
        "dev.confab.search..",
        "dev.confab.text.."
    };

    private static final String[] ADAPTERS = {
        "dev.confab.store..",
        "dev.confab.gateway..",
        "dev.confab.http..",
        "dev.confab.wire..",
        "dev.confab.metrics..",
        "dev.confab.app..",
        "dev.confab.cluster..",
        "dev.confab.s3.."
    };

    @ArchTest
    static final ArchRule domainKnowsNoAdapter = noClasses()
            .that()
            .resideInAnyPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ADAPTERS)
            .because("adapters depend on the domain, never the other way");

    @ArchTest
    static final ArchRule domainKnowsNoHttpSocketsSqlOrMetrics = noClasses()
            .that()
            .resideInAnyPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.javalin..",
                    "org.eclipse.jetty..",
                    "jakarta.servlet..",
                    "java.net.http..",
                    "org.jdbi..",
                    "java.sql..",
                    "com.zaxxer..",
                    "org.flywaydb..",
                    "org.postgresql..",
                    "org.sqlite..",
                    "io.micrometer..")
            .because("domain rules are plain Java; metrics go through small interfaces like message.CommitMetrics");

    @ArchTest
    static final ArchRule domainUsesNoJackson = noClasses()
            .that()
            .resideInAnyPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("com.fasterxml.jackson..")
            .because("JSON is wire/'s business");

    @ArchTest
    static final ArchRule onlyTheStoreSpeaksSql = noClasses()
            .that()
            .resideOutsideOfPackage("dev.confab.store..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.jdbi..", "java.sql..", "com.zaxxer..", "org.flywaydb..", "org.postgresql..", "org.sqlite..")
            .because("store/ translates its failures into ConfabException (StorePool)");

    @ArchTest
    static final ArchRule httpAndSocketsDoNotReachIntoTheStore = noClasses()
            .that()
            .resideInAnyPackage("dev.confab.http..", "dev.confab.gateway..", "dev.confab.wire..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.confab.store..")
            .because("they reach data through the domain's interfaces; app/ wires the SQL adapters in");

    @ArchTest
    static final ArchRule onlyTheEdgesSpeakHttp = noClasses()
            .that()
            .resideOutsideOfPackages(
                    "dev.confab.http..", "dev.confab.gateway..", "dev.confab.app..", "dev.confab.web..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..");

    @ArchTest
    static final ArchRule onlyTheClusterAdapterSpeaksRedis = noClasses()
            .that()
            .resideOutsideOfPackage("dev.confab.cluster..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.lettuce..", "io.netty..", "reactor..")
            .because("Redis is the bus's adapter (cluster/); the rest sees Fanout and Presence");
}
