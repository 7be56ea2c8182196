package io.notifications.console.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/** The console's identity store: the one admin from the configuration ({@link AdminAccount}), in the group {@value #ADMIN_GROUP}. */
@ApplicationScoped
public class AdminIdentityStore implements IdentityStore {

    /** The group, and the role of {@code web.xml} it maps to. */
    public static final String ADMIN_GROUP = "admin";

    @Inject
    AdminAccount account;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        return account.check(credential.getCaller(), credential.getPasswordAsString())
                .map(user -> new CredentialValidationResult(user, Set.of(ADMIN_GROUP)))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
