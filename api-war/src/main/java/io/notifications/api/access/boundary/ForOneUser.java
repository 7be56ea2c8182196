package io.notifications.api.access.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource about one user's events, named by its path's {@value #USER_ID}: the only resources a user's token
 * reaches, and then only for that user ({@link AuthorizationFilter}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ForOneUser {

    /** The path parameter that names the user. */
    String USER_ID = "user_id";
}
