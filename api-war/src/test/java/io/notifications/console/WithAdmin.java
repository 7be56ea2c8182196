package io.notifications.console;

import io.notifications.console.control.PasswordHash;
import io.notifications.system.OnPayaraMicro;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The admin of the console's test servers: the bundle as built plus a {@code microprofile-config.properties} that
 * configures the admin (the password only as its PBKDF2 hash, as an operator would), so that only these test
 * classes' servers have a console.
 */
final class WithAdmin {

    static final String USER = "operator";
    static final String PASSWORD = "correct horse battery staple";

    private WithAdmin() {
    }

    static WebArchive bundle() {
        String settings = "admin.user=" + USER + "\nadmin.password-hash=" + PasswordHash.pbkdf2(PASSWORD) + "\n";
        return OnPayaraMicro.bundle().addAsResource(new StringAsset(settings), "META-INF/microprofile-config.properties");
    }
}
