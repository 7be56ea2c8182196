package io.notifications.api.tracing;

import io.notifications.message.TraceParent;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Every {@code /api} request belongs to a trace: the one its W3C {@code traceparent} header names, or, when the header
 * is absent or invalid, a new one (an invalid header is ignored, never refused). The events a request publishes carry
 * it to the consumer and into their rows; every answer names it in {@value #TRACE_ID_HEADER}, so that a client can quote
 * it and an operator find the request's log lines and rows. Runs before every other filter, so that a 401 or a 503
 * of a draining server has a trace id too.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class TraceFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** The answer's header holding the trace id (32 hex digits). */
    public static final String TRACE_ID_HEADER = "X-Trace-Id";

    // A request property; in a servlet container it is the servlet request's attribute of that name.
    private static final String PROPERTY = TraceParent.class.getName();

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(PROPERTY, TraceParent.parseOrStart(request.getHeaderString(TraceParent.HEADER)));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(PROPERTY) instanceof TraceParent trace) {
            response.getHeaders().putSingle(TRACE_ID_HEADER, trace.traceId());
        }
    }

    /** The request's trace, as this filter found or started it. */
    public static TraceParent of(HttpServletRequest request) {
        return request.getAttribute(PROPERTY) instanceof TraceParent trace ? trace
                : TraceParent.parseOrStart(request.getHeader(TraceParent.HEADER));
    }
}
