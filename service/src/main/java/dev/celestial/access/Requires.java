package dev.celestial.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope a route needs, declared next to its mapping (on the handler method, or on the controller
 * for all of its handlers). A handler without one is never run: {@link RouteAccess} denies it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Requires {

    Scope value();
}
