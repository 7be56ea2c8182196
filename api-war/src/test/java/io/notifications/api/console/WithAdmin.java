package io.notifications.api.console;

import io.notifications.api.console.control.PasswordHash;
import io.notifications.api.system.ServerSettings;
import java.util.Map;

/**
 * The admin of the console's test servers, configured as an operator would: the password only as its PBKDF2 hash.
 * Only the classes that register this have a console; the others run with it disabled.
 */
public final class WithAdmin extends ServerSettings {

    static final String USER = "operator";
    static final String PASSWORD = "correct horse battery staple";

    @Override
    protected Map<String, String> settings() {
        return Map.of("console.user", USER, "console.password-hash", PasswordHash.pbkdf2(PASSWORD));
    }
}
