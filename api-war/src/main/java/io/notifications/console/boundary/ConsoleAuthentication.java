package io.notifications.console.boundary;

import io.notifications.console.control.AdminAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * How the operator logs in to the console (Jakarta Security): a form of the console's own ({@code /admin/login}),
 * checked against the identity store, and the login kept in the HTTP session ({@link AutoApplySession}).
 *
 * <p>It acts only under {@code /admin}; everything else (the API with its keys, {@code /health}) passes untouched.
 * Asked for a protected console path without a login, it answers the pages with a redirect to the login form and the
 * JSON endpoints ({@code /admin/api/*}) with a JSON 401, which the pages' script turns into that redirect. A wrong
 * user or password gets the form again with a 401. With no admin configured, every console path answers that the
 * console is disabled.
 */
@ApplicationScoped
@AutoApplySession
public class ConsoleAuthentication implements HttpAuthenticationMechanism {

    static final String USER_FIELD = "username";
    static final String PASSWORD_FIELD = "password";
    static final String NEXT_FIELD = "next";

    private static final Logger LOG = Logger.getLogger(ConsoleAuthentication.class.getName());

    @Inject
    AdminAccount account;

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String path = ConsolePages.pathOf(request);
        if (!ConsolePages.isConsole(path)) {
            return context.doNothing();
        }
        try {
            if (!account.enabled() && !path.equals(ConsolePages.STYLESHEET)) {
                answerDisabled(request, response, path);
                return AuthenticationStatus.SEND_FAILURE;
            }
            if (path.equals(ConsolePages.LOGIN) && "POST".equals(request.getMethod())) {
                return logIn(request, response, context);
            }
            if (!context.isProtected()) {
                return context.doNothing();
            }
            if (ConsolePages.isApi(path)) {
                response.setHeader("WWW-Authenticate", "FormBased");
                JsonAnswers.error(response, 401, "Log in to the console first: " + ConsolePages.LOGIN);
                return AuthenticationStatus.SEND_FAILURE;
            }
            return context.redirect(request.getContextPath() + ConsolePages.LOGIN + "?" + NEXT_FIELD + "="
                    + URLEncoder.encode(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warning(() -> "Could not answer a console request for " + path + ": " + e);
            return AuthenticationStatus.SEND_FAILURE;
        }
    }

    private AuthenticationStatus logIn(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
            throws IOException {
        String user = request.getParameter(USER_FIELD);
        String password = request.getParameter(PASSWORD_FIELD);
        CredentialValidationResult result = identityStores.validate(
                new UsernamePasswordCredential(user == null ? "" : user, password == null ? "" : password));
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            // The login servlet runs next: it renews the session id and sends the admin on.
            return context.notifyContainerAboutLogin(result);
        }
        // The name typed is not logged: a password typed into the wrong field would end up in the log.
        LOG.warning(() -> "Console: a login failed (wrong user name or password) from " + request.getRemoteAddr());
        LoginServlet.sendForm(request, response, 401, "Wrong user name or password.", request.getParameter(NEXT_FIELD));
        return AuthenticationStatus.SEND_FAILURE;
    }

    private void answerDisabled(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        String message = "The operator console is disabled on this server: " + account.disabledBecause() + ".";
        if (ConsolePages.isApi(path)) {
            JsonAnswers.error(response, 404, message);
        } else {
            String page = ConsolePages.read(request.getServletContext(), "disabled.html")
                    .replace("{{reason}}", ConsolePages.escape(account.disabledBecause()))
                    .replace("{{css}}", ConsolePages.escape(request.getContextPath() + ConsolePages.STYLESHEET));
            ConsolePages.send(response, 404, "disabled.html", page);
        }
    }
}
