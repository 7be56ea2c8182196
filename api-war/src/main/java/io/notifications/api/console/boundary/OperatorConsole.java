package io.notifications.api.console.boundary;

import io.notifications.api.errors.ErrorMappers;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The operator's console under {@code /admin}: its pages, the login, and the JSON the pages read and act through
 * ({@code /admin/api/...}). A JAX-RS application of its own, so that its login check ({@link ConsoleGate}) and CSRF
 * check ({@link CsrfCheck}) run for the console's requests only: a request to {@code /api} never passes them. Errors
 * answer in the API's JSON shape, through the same exception mappers.
 *
 * <p>The console is not part of the API's contract: its operations are hidden from {@code /openapi}. The WAR's
 * {@code mp.openapi.scan.*} settings would leave them out on Payara Micro, but Payara Server reads an EAR's settings,
 * not a WAR's.
 */
@ApplicationPath("admin")
public class OperatorConsole extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        Set<Class<?>> classes = new HashSet<>(Set.of(
                PagesResource.class, LoginResource.class, SessionResource.class, OverviewResource.class,
                EventSearchResource.class, ConsoleDeadLetters.class,
                ConsoleGate.class, CsrfCheck.class, SecurityHeaders.class));
        classes.addAll(ErrorMappers.ALL);
        return classes;
    }

    /** No generated WADL for {@code OPTIONS}, as in the API. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
