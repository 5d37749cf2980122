package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.portkit.adapters.http.ClientAddress;
import dev.portkit.adapters.http.HttpRoutes;
import dev.portkit.adapters.http.ratelimit.RateLimitRoutes;
import dev.portkit.adapters.http.session.Authentication;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimiter;
import java.util.ArrayList;
import java.util.List;

/**
 * The API's rate limits ({@code RATE_LIMITS}) on whichever {@link RateLimiter} the environment's
 * adapter module binds.
 */
@Module
public interface RateLimitModule {

    /**
     * A client is its session's principal, else its address: the connection's, or the one a trusted
     * proxy forwarded ({@code HTTP_TRUSTED_PROXIES}, see {@link ClientAddress}).
     */
    @Provides
    @IntoSet
    static HttpRoutes provideRateLimitRoutes(RateLimiter limiter, Authentication authentication, PortkitConfig config) {
        return new RateLimitRoutes(
                limiter,
                config.rateLimits().groups(),
                ctx -> authentication
                        .sessionIfPresent(ctx)
                        .map(session -> session.principal().name()),
                ClientAddress::of);
    }

    /** Every limit the service enforces, for metrics and health: the API's groups, then the login limits. */
    @Provides
    static List<RateLimit> provideRateLimits(PortkitConfig config) {
        List<RateLimit> limits = new ArrayList<>(config.rateLimits().groups().values());
        limits.add(config.sessions().loginLimits().perUsername());
        limits.add(config.sessions().loginLimits().perClientAddress());
        return List.copyOf(limits);
    }
}
