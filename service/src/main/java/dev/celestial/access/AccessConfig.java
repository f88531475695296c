package dev.celestial.access;

import dev.celestial.web.Problems;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authentication by {@code Authorization: Bearer <key>}, and one access decision per request from the
 * route that will run it ({@link RouteAccess}): the scope that route declares, open routes (the probes,
 * metrics, info) for anyone, and nothing for a request no declared route takes (404 once authenticated,
 * else 401). {@code HEAD} is the {@code GET} route's. No sessions, no cookies: each request stands alone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class AccessConfig {

    private static final String BEARER = "Bearer ";
    private static final String CHALLENGE = "Bearer realm=\"celestial\"";
    private static final AuthorizationResult GRANTED = new AuthorizationDecision(true);
    private static final AuthorizationResult DENIED = new AuthorizationDecision(false);

    /** Requests the firewall refuses (a {@code ;} in the path, say) get a 400 problem detail like every other refusal. */
    @Bean
    static BeanPostProcessor firewallProblems(ObjectProvider<JsonMapper> json) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof WebFilterChainProxy proxy) {
                    proxy.setExchangeRejectedHandler((exchange, e) -> Problems.write(exchange, json.getObject(),
                            Problems.problem(HttpStatus.BAD_REQUEST, "rejected-request", "The request was refused", e.getMessage())));
                }
                return bean;
            }
        };
    }

    @Bean
    SecurityWebFilterChain accessRules(ServerHttpSecurity http, ClientRegistry clients, RouteAccess routes, AccessProperties properties,
                                       JsonMapper json) {
        ServerAuthenticationEntryPoint unauthenticated = (exchange, e) -> {
            boolean keyGiven = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, keyGiven ? CHALLENGE + ", error=\"invalid_token\"" : CHALLENGE);
            return Problems.write(exchange, json, Problems.problem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "A valid API key is needed", keyGiven ? "the API key is unknown or revoked"
                            : "send Authorization: Bearer <key>"));
        };
        ServerAccessDeniedHandler denied = (exchange, e) -> routes.route(exchange).flatMap(route -> route.matched()
                ? Problems.write(exchange, json, Problems.problem(HttpStatus.FORBIDDEN, "forbidden",
                        "The API key lacks the scope for this request", "needs scope " + route.scope().label()))
                : Problems.write(exchange, json, Problems.problem(HttpStatus.NOT_FOUND, "no-route",
                        "No such endpoint", "no endpoint answers " + exchange.getRequest().getMethod() + " on this path")));

        ReactiveAuthenticationManager byKey = authentication -> {
            Caller caller = clients.find((String) authentication.getCredentials());
            if (caller == null) {
                return Mono.error(new BadCredentialsException("unknown or revoked key"));
            }
            return Mono.just(UsernamePasswordAuthenticationToken.authenticated(caller, null, authorities(caller)));
        };
        AuthenticationWebFilter bearer = new AuthenticationWebFilter(byKey);
        bearer.setServerAuthenticationConverter(exchange -> {
            String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.length() > 512) {
                return header == null ? Mono.empty() : Mono.error(new BadCredentialsException("not a bearer key"));
            }
            return Mono.just(UsernamePasswordAuthenticationToken.unauthenticated(null, header.substring(BEARER.length()).trim()));
        });
        // an open route (a probe) answers whatever Authorization header a prober sends, as to anyone
        bearer.setAuthenticationFailureHandler((filterExchange, e) -> routes.route(filterExchange.getExchange())
                .flatMap(route -> route.open() ? filterExchange.getChain().filter(filterExchange.getExchange())
                        : unauthenticated.commence(filterExchange.getExchange(), e)));
        bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());

        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAfter(new ConcurrencyLimits(properties, routes, json), SecurityWebFiltersOrder.AUTHORIZATION)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .authorizeExchange(rules -> rules.anyExchange().access((authentication, context) ->
                        routes.route(context.getExchange()).flatMap(route -> {
                            if (route.open() || route.scope() == Scope.READ && properties.publicReads()) {
                                return Mono.just(GRANTED);
                            }
                            return authentication
                                    .map(key -> key.isAuthenticated() && key.getPrincipal() instanceof Caller caller
                                            && route.matched() && caller.scopes().contains(route.scope()) ? GRANTED : DENIED)
                                    .defaultIfEmpty(DENIED);
                        })))
                .build();
    }

    /** Each scope as {@code SCOPE_x}, and as the role {@code x} the actuator checks before showing health details. */
    private static List<SimpleGrantedAuthority> authorities(Caller caller) {
        List<SimpleGrantedAuthority> authorities = new ArrayList<>();
        for (Scope scope : caller.scopes()) {
            authorities.add(new SimpleGrantedAuthority(scope.authority()));
            authorities.add(new SimpleGrantedAuthority("ROLE_" + scope.label()));
        }
        return authorities;
    }
}
