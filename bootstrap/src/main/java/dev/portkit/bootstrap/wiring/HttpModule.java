package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.portkit.adapters.http.HealthRoutes;
import dev.portkit.adapters.http.HttpRoutes;
import dev.portkit.adapters.http.HttpServer;
import dev.portkit.adapters.http.MetricsRoutes;
import dev.portkit.adapters.http.OpenApiRoutes;
import dev.portkit.adapters.http.Readiness;
import dev.portkit.adapters.http.content.ContentRoutes;
import dev.portkit.adapters.http.session.Authentication;
import dev.portkit.adapters.http.session.SessionRoutes;
import dev.portkit.application.content.CreateContent;
import dev.portkit.application.content.DeleteContent;
import dev.portkit.application.content.GetContent;
import dev.portkit.application.content.ListContent;
import dev.portkit.application.content.UpdateContent;
import dev.portkit.application.health.CheckHealth;
import dev.portkit.application.session.CurrentSession;
import dev.portkit.application.session.Login;
import dev.portkit.application.session.Logout;
import dev.portkit.application.session.LogoutEverywhere;
import dev.portkit.bootstrap.config.PortkitConfig;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Set;
import javax.inject.Singleton;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP driving adapter: the server and every route group. */
@Module
public interface HttpModule {

    @Provides
    @Singleton
    static JsonMapper provideJsonMapper() {
        return JsonMapper.builder().build();
    }

    @Provides
    @Singleton
    static Readiness provideReadiness() {
        return new Readiness();
    }

    @Provides
    @IntoSet
    static HttpRoutes provideHealthRoutes(CheckHealth checkHealth, Readiness readiness) {
        return new HealthRoutes(checkHealth, readiness);
    }

    /** Guards write routes of any group: {@code routes.before("/api/x/*", auth.requireForWrites())}. */
    @Provides
    @IntoSet
    static HttpRoutes provideContentRoutes(
            GetContent get,
            ListContent list,
            CreateContent create,
            UpdateContent update,
            DeleteContent delete,
            JsonMapper jsonMapper) {
        return new ContentRoutes(get, list, create, update, delete, jsonMapper);
    }

    @Provides
    @Singleton
    static Authentication provideAuthentication(CurrentSession currentSession, PortkitConfig config) {
        return new Authentication(currentSession, config.sessions().cookie());
    }

    @Provides
    @IntoSet
    static HttpRoutes provideSessionRoutes(
            Login login,
            Logout logout,
            LogoutEverywhere logoutEverywhere,
            Authentication authentication,
            PortkitConfig config) {
        return new SessionRoutes(
                login,
                logout,
                logoutEverywhere,
                authentication,
                config.sessions().cookie());
    }

    /** Content writes need a session; reads stay public. */
    @Provides
    @IntoSet
    static HttpRoutes provideContentWriteGuard(Authentication authentication) {
        return authentication.guardingWrites("/api/content");
    }

    /**
     * Setting stock needs a session. Reservations don't: a shopper reserves without logging in, and
     * a reservation must answer 503 (not 401) when Redis, and so the lock, is down.
     */
    @Provides
    @IntoSet
    static HttpRoutes provideStockWriteGuard(Authentication authentication) {
        return routes -> routes.before("/api/inventory/{sku}", ctx -> {
            if (ctx.method() == HandlerType.PUT) {
                authentication.authenticate(ctx);
            }
        });
    }

    /** {@code GET /openapi.yaml}: the API's OpenAPI document. */
    @Provides
    @IntoSet
    static HttpRoutes provideOpenApiRoutes() {
        return new OpenApiRoutes();
    }

    /** The scrape endpoint, with the adapters' meters bound to the registry it serves. */
    @Provides
    @IntoSet
    static HttpRoutes provideMetricsRoutes(PrometheusMeterRegistry registry, Set<MeterBinder> binders) {
        binders.forEach(binder -> binder.bindTo(registry));
        return new MetricsRoutes(registry);
    }

    @Provides
    @Singleton
    static HttpServer provideHttpServer(
            PortkitConfig config, Set<HttpRoutes> routes, JsonMapper jsonMapper, PrometheusMeterRegistry registry) {
        return new HttpServer(config.http(), List.copyOf(routes), jsonMapper, registry);
    }
}
