package io.notifications.api.system;

import io.notifications.api.system.NotificationApiSystem;
import io.notifications.testing.BrokerSystem;
import io.notifications.testing.DatabaseSystem;
import io.notifications.testing.TestServices;
import java.io.File;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class of this kind runs against the Payara Micro bundle exactly as the build packaged it (the WAR with the
 * consumer EJB in WEB-INF/lib), booted once for the class with the test database and vhost, and drives it from the
 * outside: over HTTP, through the broker and in the database.
 */
@ExtendWith(TestServices.class) // first: the server reads the settings it writes when it boots
@ExtendWith(ArquillianExtension.class)
@ExtendWith(DeployedApplication.class) // after Arquillian: stops the class at once if the deployment failed
public abstract class OnPayaraMicro {

    /** The bundle as the build packaged it; also the base of a deployment that needs settings of its own. */
    @Deployment(testable = false)
    public static WebArchive bundle() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/notification-micro.war"));
    }

    @ArquillianResource
    protected URL deploymentUrl;

    protected NotificationApiSystem api;
    protected final DatabaseSystem database = TestServices.database();
    protected final BrokerSystem broker = TestServices.broker();

    @BeforeEach
    void connect() {
        api = new NotificationApiSystem(deploymentUrl);
    }
}
