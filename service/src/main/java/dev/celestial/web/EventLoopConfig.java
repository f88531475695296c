package dev.celestial.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * The event loops the HTTP server and both database pools share: one per core unless
 * {@code celestial.event-loops} says otherwise. Reactor Netty's own default is at least four, which on
 * a two-core host leaves more busy loop threads than cores beside PostgreSQL and multiplies tail
 * latency (deploy/bench/query.sh: p99 about 60-120 ms with four loops, about 23 ms with two).
 */
@Configuration(proxyBeanMethods = false)
class EventLoopConfig {

    @Bean
    ReactorResourceFactory reactorResourceFactory(@Value("${celestial.event-loops:0}") int configured) {
        int loops = configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        factory.setLoopResourcesSupplier(() -> LoopResources.create("celestial", loops, true));
        return factory;
    }
}
