package io.notifications.api.events.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A publishing request's answer is released only once the request thread has come back through the filter. */
class AnswerAfterDispatchTest {

    @Test
    void aConfirmBeforeTheRequestThreadReturnedIsAnsweredWhenItReturns() throws Exception {
        HttpServletRequest request = request();
        CompletableFuture<String> confirm = new CompletableFuture<>();
        AtomicReference<CompletableFuture<String>> answer = new AtomicReference<>();

        new AnswerAfterDispatch().doFilter(request, null, (req, res) -> {
            answer.set(AnswerAfterDispatch.after(request, confirm).toCompletableFuture());
            confirm.complete("202");
            assertFalse(answer.get().isDone(), "answered while the request thread was still inside the servlet");
        });

        assertTrue(answer.get().isDone(), "not answered once the request thread returned");
        assertSame("202", answer.get().get());
    }

    @Test
    void aConfirmAfterTheRequestThreadReturnedIsAnsweredAtOnce() throws Exception {
        HttpServletRequest request = request();
        CompletableFuture<String> confirm = new CompletableFuture<>();
        AtomicReference<CompletableFuture<String>> answer = new AtomicReference<>();

        new AnswerAfterDispatch().doFilter(request, null,
                (req, res) -> answer.set(AnswerAfterDispatch.after(request, confirm).toCompletableFuture()));
        assertFalse(answer.get().isDone());
        confirm.complete("202");

        assertSame("202", answer.get().get());
    }

    @Test
    void aFailureReachesTheExceptionMappersAsItIs() throws Exception {
        HttpServletRequest request = request();
        IllegalStateException refused = new IllegalStateException("not confirmed");
        AtomicReference<Throwable> seen = new AtomicReference<>();

        new AnswerAfterDispatch().doFilter(request, null, (req, res) ->
                AnswerAfterDispatch.after(request, CompletableFuture.<String>failedFuture(refused))
                        .whenComplete((value, failure) -> seen.set(failure)));

        assertSame(refused, seen.get());
    }

    @Test
    void withoutTheFilterTheAnswerIsTheStageItself() {
        CompletionStage<String> confirm = new CompletableFuture<>();

        assertSame(confirm, AnswerAfterDispatch.after(request(), confirm));
    }

    /** A request that keeps its attributes, as the servlet container's does. */
    private static HttpServletRequest request() {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(AnswerAfterDispatchTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) arguments[0]);
                    case "setAttribute" -> attributes.put((String) arguments[0], arguments[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
