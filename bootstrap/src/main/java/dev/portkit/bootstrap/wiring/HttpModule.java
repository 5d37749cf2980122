package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.portkit.adapters.http.HealthRoutes;
import dev.portkit.adapters.http.HttpRoutes;
import dev.portkit.adapters.http.HttpServer;
import dev.portkit.adapters.http.Readiness;
import dev.portkit.adapters.http.content.ContentRoutes;
import dev.portkit.application.content.CreateContent;
import dev.portkit.application.content.DeleteContent;
import dev.portkit.application.content.GetContent;
import dev.portkit.application.content.ListContent;
import dev.portkit.application.content.UpdateContent;
import dev.portkit.application.health.CheckHealth;
import dev.portkit.bootstrap.config.PortkitConfig;
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
    static HttpServer provideHttpServer(PortkitConfig config, Set<HttpRoutes> routes, JsonMapper jsonMapper) {
        return new HttpServer(config.http(), List.copyOf(routes), jsonMapper);
    }
}
