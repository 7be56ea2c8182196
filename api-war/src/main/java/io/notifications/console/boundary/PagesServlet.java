package io.notifications.console.boundary;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The console's pages and their CSS and scripts, under {@code /admin}; the security constraints of {@code web.xml}
 * let only the admin reach them (the stylesheet excepted, which the login form uses).
 */
@WebServlet(ConsolePages.CONSOLE + "/*")
public class PagesServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String page = request.getPathInfo();
        if (page == null) {
            response.sendRedirect(request.getContextPath() + ConsolePages.CONSOLE + "/");
            return;
        }
        String file = ConsolePages.PAGES.getOrDefault(page, ConsolePages.ASSETS.get(page));
        if (file == null) {
            JsonAnswers.error(response, 404, "Not Found");
            return;
        }
        ConsolePages.send(response, 200, file, ConsolePages.read(getServletContext(), file));
    }
}
