package dev.celestial.access;

import dev.celestial.web.ProblemHandler;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request but the actuator probes needs {@code Authorization: Bearer <key>}: {@code admin} for
 * {@code /api/v1/admin/**}, {@code ingest} for the POST endpoints, {@code read} for the queries (open to
 * anyone with {@code celestial.access.public-reads}). No sessions, no cookies: each request stands alone.
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
                    proxy.setExchangeRejectedHandler((exchange, e) -> ProblemHandler.write(exchange, json.getObject(),
                            ProblemHandler.problem(HttpStatus.BAD_REQUEST, "rejected-request", "The request was refused", e.getMessage())));
                }
                return bean;
            }
        };
    }

    @Bean
    SecurityWebFilterChain accessRules(ServerHttpSecurity http, ClientRegistry clients, AccessProperties properties, JsonMapper json) {
        ServerAuthenticationEntryPoint unauthenticated = (exchange, e) -> {
            boolean keyGiven = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, keyGiven ? CHALLENGE + ", error=\"invalid_token\"" : CHALLENGE);
            return ProblemHandler.write(exchange, json, ProblemHandler.problem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "A valid API key is needed", keyGiven ? "the API key is unknown or revoked"
                            : "send Authorization: Bearer <key>"));
        };
        ServerAccessDeniedHandler denied = (exchange, e) -> ProblemHandler.write(exchange, json, ProblemHandler.problem(
                HttpStatus.FORBIDDEN, "forbidden", "The API key lacks the scope for this request", "needs scope " + needed(exchange.getRequest().getMethod(),
                        exchange.getRequest().getPath().pathWithinApplication().value()).label()));

        ReactiveAuthenticationManager byKey = authentication -> {
            Caller caller = clients.find((String) authentication.getCredentials());
            if (caller == null) {
                return Mono.error(new BadCredentialsException("unknown or revoked key"));
            }
            List<SimpleGrantedAuthority> authorities = caller.scopes().stream().map(scope -> new SimpleGrantedAuthority(scope.authority())).toList();
            return Mono.just(UsernamePasswordAuthenticationToken.authenticated(caller, null, authorities));
        };
        AuthenticationWebFilter bearer = new AuthenticationWebFilter(byKey);
        bearer.setServerAuthenticationConverter(exchange -> {
            String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.length() > 512) {
                return header == null ? Mono.empty() : Mono.error(new BadCredentialsException("not a bearer key"));
            }
            return Mono.just(UsernamePasswordAuthenticationToken.unauthenticated(null, header.substring(BEARER.length()).trim()));
        });
        bearer.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(unauthenticated));
        bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        // the probes answer whatever Authorization header a prober sends
        bearer.setRequiresAuthenticationMatcher(exchange -> probe(exchange.getRequest().getPath().pathWithinApplication().value())
                ? ServerWebExchangeMatcher.MatchResult.notMatch() : ServerWebExchangeMatcher.MatchResult.match());

        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                // one decision per request, from its method and path (see needed)
                .authorizeExchange(rules -> rules.anyExchange().access((authentication, context) -> {
                    ServerHttpRequest request = context.getExchange().getRequest();
                    String path = request.getPath().pathWithinApplication().value();
                    Scope needed = needed(request.getMethod(), path);
                    if (probe(path) || needed == Scope.READ && properties.publicReads()) {
                        return Mono.just(GRANTED);
                    }
                    return authentication
                            .map(key -> key.isAuthenticated() && key.getPrincipal() instanceof Caller caller
                                    && (needed == null || caller.scopes().contains(needed)) ? GRANTED : DENIED)
                            .defaultIfEmpty(DENIED);
                }))
                .build();
    }

    /** The probes, metrics and info, which answer without a key (whatever Authorization header a prober sends). */
    static boolean probe(String path) {
        return under(path, "/actuator/health") || path.equals("/actuator/prometheus") || path.equals("/actuator/info");
    }

    /**
     * The scope a request needs: {@code admin} for {@code /api/v1/admin/**}, {@code ingest} to POST under
     * {@code /api/v1}, {@code read} to GET under {@code /api/v1} or {@code /fdsnws}; null when any valid
     * key will do.
     */
    static Scope needed(HttpMethod method, String path) {
        if (under(path, "/api/v1/admin")) {
            return Scope.ADMIN;
        }
        if (HttpMethod.POST.equals(method) && under(path, "/api/v1")) {
            return Scope.INGEST;
        }
        if (HttpMethod.GET.equals(method) && (under(path, "/api/v1") || under(path, "/fdsnws"))) {
            return Scope.READ;
        }
        return null;
    }

    /** {@code path} is {@code prefix} or below it, as a {@code prefix/**} pattern matches. */
    private static boolean under(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
