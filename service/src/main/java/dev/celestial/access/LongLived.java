package dev.celestial.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A route whose response lasts as long as the client wants (a Server-Sent Events stream): it is not
 * counted against {@code max-concurrent-requests}, and must cap its own callers.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LongLived {
}
