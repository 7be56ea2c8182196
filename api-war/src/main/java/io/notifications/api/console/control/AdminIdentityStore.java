package io.notifications.api.console.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Set;

/**
 * The console's identity store (Jakarta Security): the one admin from the configuration ({@link AdminAccount}), in
 * the group {@value #ADMIN_GROUP}, the password checked by the platform's {@link Pbkdf2PasswordHash}. The console's
 * login asks it through the {@code IdentityStoreHandler}.
 */
@ApplicationScoped
public class AdminIdentityStore implements IdentityStore {

    public static final String ADMIN_GROUP = "admin";

    @Inject
    AdminAccount account;

    @Inject
    Pbkdf2PasswordHash pbkdf2;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        return account.check(credential.getCaller(), credential.getPasswordAsString(), pbkdf2)
                .map(user -> new CredentialValidationResult(user, Set.of(ADMIN_GROUP)))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
