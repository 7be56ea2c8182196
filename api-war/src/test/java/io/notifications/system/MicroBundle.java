package io.notifications.system;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The Payara Micro bundle exactly as the build packaged it: the WAR with the consumer EJB in WEB-INF/lib. */
public final class MicroBundle {

    private MicroBundle() {
    }

    public static WebArchive asBuilt() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/notification-micro.war"));
    }
}
