package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dagger.multibindings.Multibinds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;

/**
 * One Prometheus registry for the process ({@link #newRegistry()}), with JVM, GC and process metrics bound
 * to it. The {@link
 * MeterBinder}s the environment's modules contribute ({@code @IntoSet}) are bound with the {@code
 * /metrics} route: binding them here would make the registry depend on the adapters, and the Redis
 * client, which records command latency into the registry, on itself.
 */
@Module
public interface MetricsModule {

    /** Meters contributed by the adapters in use (cache, Redis circuit); there may be none. */
    @Multibinds
    Set<MeterBinder> meterBinders();

    /**
     * The process's registry, made before the components (the {@link Stores} record the database's meters in
     * it too) and bound into them; with JVM, process and uptime meters.
     */
    static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    @Provides
    static MeterRegistry provideMeterRegistry(PrometheusMeterRegistry registry) {
        return registry;
    }

    /** GC metrics listen to JVM notifications until closed at shutdown. */
    @Provides
    @IntoSet
    static AutoCloseable provideGcMetrics(PrometheusMeterRegistry registry) {
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc;
    }
}
