package io.notifications.console.control;

import java.security.MessageDigest;
import java.util.Optional;

/**
 * The console's one admin: a user name and how to check a password, from {@code ADMIN_USER} and either
 * {@code ADMIN_PASSWORD_HASH} ({@link PasswordHash}) or a plain {@code ADMIN_PASSWORD}. There is no default: without
 * a user and a password the console is disabled.
 */
public final class AdminCredentials {

    private final String user;
    private final byte[] userDigest;
    private final PasswordHash passwordHash;
    private final byte[] plainPasswordDigest;

    private AdminCredentials(String user, PasswordHash passwordHash, String plainPassword) {
        this.user = user;
        this.userDigest = PasswordHash.sha256(user);
        this.passwordHash = passwordHash;
        this.plainPasswordDigest = plainPassword == null ? null : PasswordHash.sha256(plainPassword);
    }

    /**
     * The admin the settings name, or empty when none is configured at all.
     *
     * @throws IllegalArgumentException when the settings are incomplete, contradict each other or cannot be read; the
     *                                  message names the settings, never their values
     */
    public static Optional<AdminCredentials> configure(Optional<String> user, Optional<String> passwordHash,
                                                       Optional<String> plainPassword) {
        Optional<String> name = user.map(String::strip).filter(text -> !text.isEmpty());
        Optional<String> hash = passwordHash.filter(text -> !text.isBlank());
        Optional<String> plain = plainPassword.filter(text -> !text.isEmpty());
        if (name.isEmpty() && hash.isEmpty() && plain.isEmpty()) {
            return Optional.empty();
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a password is configured but no admin.user (ADMIN_USER)");
        }
        if (hash.isPresent() && plain.isPresent()) {
            throw new IllegalArgumentException("both admin.password-hash (ADMIN_PASSWORD_HASH) and admin.password "
                    + "(ADMIN_PASSWORD) are configured: keep one");
        }
        if (hash.isEmpty() && plain.isEmpty()) {
            throw new IllegalArgumentException("admin.user (ADMIN_USER) is configured but neither admin.password-hash "
                    + "(ADMIN_PASSWORD_HASH) nor admin.password (ADMIN_PASSWORD)");
        }
        if (hash.isPresent()) {
            PasswordHash parsed;
            try {
                parsed = PasswordHash.parse(hash.get());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("admin.password-hash (ADMIN_PASSWORD_HASH) " + e.getMessage(), e);
            }
            return Optional.of(new AdminCredentials(name.get(), parsed, null));
        }
        return Optional.of(new AdminCredentials(name.get(), null, plain.get()));
    }

    public String user() {
        return user;
    }

    /**
     * Whether these are the admin's user name and password. Both are always checked, each in constant time, so that
     * the answer's timing says neither which one was wrong nor how much of either was right.
     */
    public boolean accept(String givenUser, String givenPassword) {
        if (givenUser == null || givenPassword == null) {
            return false;
        }
        boolean userMatches = MessageDigest.isEqual(userDigest, PasswordHash.sha256(givenUser));
        boolean passwordMatches = passwordHash != null
                ? passwordHash.matches(givenPassword)
                : MessageDigest.isEqual(plainPasswordDigest, PasswordHash.sha256(givenPassword));
        return userMatches & passwordMatches;
    }

    /** How the password is kept, for the start-up log; never the password or its hash. */
    public String describe() {
        return "admin '" + user + "', password " + (passwordHash != null ? "as " + passwordHash : "in plain text (admin.password)");
    }

    @Override
    public String toString() {
        return "AdminCredentials[" + user + ", password hidden]";
    }
}
