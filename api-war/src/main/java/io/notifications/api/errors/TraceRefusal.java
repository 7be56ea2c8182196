package io.notifications.api.errors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Answers {@code TRACE} on the server's own endpoints ({@code /health}, {@code /metrics}) with a JSON 405, as the
 * API answers it on its paths. The HTTP listener lets {@code TRACE} through to the application (its
 * {@code trace-enabled}, set before boot in {@code server-config/micro/http-closed.asadmin}) so that the API can answer it in JSON
 * instead of Payara's empty 405; Payara's own servlets would then echo the request back, headers and cookies included
 * (cross-site tracing). Mapped in {@code WEB-INF/web.xml} to those paths only: {@code /api} and {@code /admin} answer
 * 405 through JAX-RS with the resource's own {@code Allow}, every other path 404 through {@link ErrorPageServlet}.
 */
public class TraceRefusal extends HttpFilter {

    /** What Payara's health and metrics endpoints answer. */
    static final String ALLOW = "GET, HEAD, OPTIONS";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"TRACE".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = ErrorBody.json("Method Not Allowed", List.of()).toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        response.setHeader("Allow", ALLOW);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
