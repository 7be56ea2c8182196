package io.notifications.api.events.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Holds back the answer of a publishing request until the request's own thread has left the servlet. RabbitMQ's
 * confirm can arrive while that thread is still inside Jersey and Payara's servlet wrapper after the resource method
 * returned; Payara Micro 6.2025.10 then sometimes sends the finished 202, its headers and body, under status 200
 * (about one answer in 100,000 under load). A diagnostic filter in this place saw, in each such answer, the 202
 * written and completed from the confirming thread before the request thread came back through the filter, which
 * found the response committed as 200; answers written after the request thread came back were all right. So the
 * answer waits for that return: when the confirm came first, the request thread writes it on its way out.
 */
@WebFilter(urlPatterns = {"/api/events", "/api/events/batch"}, asyncSupported = true)
public class AnswerAfterDispatch extends HttpFilter {

    private static final String RETURNED = AnswerAfterDispatch.class.getName();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        CompletableFuture<Void> returned = new CompletableFuture<>();
        request.setAttribute(RETURNED, returned);
        try {
            chain.doFilter(request, response);
        } finally {
            returned.complete(null);
        }
    }

    /**
     * The answer, completed as it completes (a failure exactly as it is, for the exception mappers), but not before
     * the request thread has left the servlet; the answer itself where this filter did not run.
     */
    static <T> CompletionStage<T> after(HttpServletRequest request, CompletionStage<T> answer) {
        if (!(request.getAttribute(RETURNED) instanceof CompletableFuture<?> returned)) {
            return answer;
        }
        CompletableFuture<T> held = new CompletableFuture<>();
        answer.whenComplete((value, failure) -> returned.whenComplete((ignored, none) -> {
            if (failure != null) {
                held.completeExceptionally(failure);
            } else {
                held.complete(value);
            }
        }));
        return held;
    }
}
