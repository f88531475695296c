package dev.celestial.web;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Hooks;
import reactor.netty.channel.AbortedException;

/**
 * A client that closes its connection mid-request is routine (the cancellation storm test sends ten
 * thousand): the error its request body raises after the request was already abandoned is logged at
 * DEBUG in one line, not at ERROR with a stack trace, which would also cost the event loops time. Any
 * other dropped error is still logged at ERROR.
 */
@Configuration(proxyBeanMethods = false)
public class ClientGone {

    private static final Logger log = LoggerFactory.getLogger(ClientGone.class);

    /** Whether {@code error} (or a cause) is a connection the client closed. */
    public static boolean is(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AbortedException) {
                return true;
            }
        }
        return false;
    }

    @PostConstruct
    void install() {
        Hooks.onErrorDropped(error -> {
            if (is(error)) {
                log.debug("client went away: {}", error.toString());
            } else {
                log.error("error after its request ended", error);
            }
        });
    }

    @PreDestroy
    void uninstall() {
        Hooks.resetOnErrorDropped();
    }
}
