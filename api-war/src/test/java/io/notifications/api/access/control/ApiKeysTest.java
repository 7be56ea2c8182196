package io.notifications.api.access.control;

import static io.notifications.api.access.control.ApiKeys.Verdict.ACCEPTED;
import static io.notifications.api.access.control.ApiKeys.Verdict.INVALID;
import static io.notifications.api.access.control.ApiKeys.Verdict.MISSING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeysTest {

    private static final String KEY = "k3y-0f-the-billing-service";
    private static final String OTHER_KEY = "2nd.key_of~the/shop+service==";
    /** {@code printf abc | sha256sum}: the FIPS 180-2 example. */
    private static final String SHA256_OF_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private static final String SHA256_OF_ABC_TAIL = "a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private static List<String> bearer(String key) {
        return List.of("Bearer " + key);
    }

    private static String sha256Entry(String key) {
        return ApiKeys.SHA256_PREFIX + HexFormat.of().formatHex(ApiKeys.sha256(key));
    }

    @Test
    void withoutTheSettingTheApiIsOpen() {
        ApiKeys keys = ApiKeys.parse(null);

        assertFalse(keys.required());
        assertEquals(ACCEPTED, keys.check(null));
        assertEquals(ACCEPTED, keys.check(bearer("anything")));
    }

    @Test
    void aConfiguredKeyIsAcceptedAndEverythingElseRefused() {
        ApiKeys keys = ApiKeys.parse(KEY);

        assertTrue(keys.required());
        assertEquals(ACCEPTED, keys.check(bearer(KEY)));
        assertEquals(INVALID, keys.check(bearer(KEY + "x")));
        assertEquals(INVALID, keys.check(bearer(KEY.substring(1))));
        assertEquals(INVALID, keys.check(bearer(KEY.toUpperCase())), "keys are case-sensitive");
    }

    @Test
    void keysAreKeptOnlyAsTheirSha256Digests() {
        ApiKeys keys = ApiKeys.parse("abc");

        assertArrayEquals(HexFormat.of().parseHex(SHA256_OF_ABC), keys.digests().get(0));
        assertFalse(keys.toString().contains("abc"), keys.toString());
    }

    @Test
    void aSha256EntryAcceptsTheKeyItIsTheDigestOf() {
        ApiKeys keys = ApiKeys.parse("sha256:" + SHA256_OF_ABC);

        assertEquals(ACCEPTED, keys.check(bearer("abc")));
        assertEquals(INVALID, keys.check(bearer("sha256:" + SHA256_OF_ABC)), "the digest itself is not a key");
        assertEquals(INVALID, keys.check(bearer(SHA256_OF_ABC)), "the digest itself is not a key");
    }

    @Test
    void theHexOfASha256EntryMayBeUpperCase() {
        assertEquals(ACCEPTED, ApiKeys.parse("sha256:" + SHA256_OF_ABC.toUpperCase()).check(bearer("abc")));
    }

    @Test
    void everyKeyOfTheListIsAcceptedWhetherPlainOrHashed() {
        ApiKeys keys = ApiKeys.parse(" " + KEY + " , " + sha256Entry(OTHER_KEY) + ",abc,");

        assertEquals(3, keys.count(), "spaces around entries and empty entries are ignored");
        assertEquals(ACCEPTED, keys.check(bearer(KEY)));
        assertEquals(ACCEPTED, keys.check(bearer(OTHER_KEY)));
        assertEquals(ACCEPTED, keys.check(bearer("abc")));
        assertEquals(INVALID, keys.check(bearer("abd")));
    }

    @Test
    void everyConfiguredDigestIsComparedEvenWhenTheFirstMatches() {
        List<byte[]> digests = List.of(ApiKeys.sha256("first"), ApiKeys.sha256("second"), ApiKeys.sha256("third"));
        List<byte[]> compared = new ArrayList<>();

        boolean matched = ApiKeys.matches(digests, ApiKeys.sha256("first"), (digest, presented) -> {
            compared.add(digest);
            return MessageDigest.isEqual(digest, presented);
        });

        assertTrue(matched);
        assertEquals(digests, compared, "all three compared, in order, although the first matched");
    }

    @Test
    void noCredentialsOrCredentialsOfAnotherSchemeAreMissing() {
        ApiKeys keys = ApiKeys.parse(KEY);

        assertEquals(MISSING, keys.check(null));
        assertEquals(MISSING, keys.check(List.of()));
        assertEquals(MISSING, keys.check(List.of("Basic dXNlcjpwYXNz")));
        assertEquals(MISSING, keys.check(List.of("Bearer" + KEY)), "no space: another scheme's name");
    }

    @Test
    void theSchemeIsCaseInsensitiveAndSpacesAroundTheTokenDoNotMatter() {
        ApiKeys keys = ApiKeys.parse(KEY);

        assertEquals(ACCEPTED, keys.check(List.of("bearer " + KEY)));
        assertEquals(ACCEPTED, keys.check(List.of("BEARER   " + KEY + " ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer k3y-0f-the-billing-service extra", "Bearer k3y\"0f", "Bearer =abc"})
    void malformedBearerCredentialsAreInvalid(String authorization) {
        assertEquals(INVALID, ApiKeys.parse(KEY).check(List.of(authorization)));
    }

    @Test
    void twoBearerHeadersAreInvalidEvenIfOneHoldsAKey() {
        assertEquals(INVALID, ApiKeys.parse(KEY).check(List.of("Bearer " + KEY, "Bearer wrong")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", " , ,"})
    void aSettingWithoutAnyKeyFailsRatherThanOpeningTheApi(String setting) {
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse(setting));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:", "sha256:abc", "sha256:" + SHA256_OF_ABC + "0", "sha256:g" + SHA256_OF_ABC_TAIL})
    void aSha256EntryWithoutA64DigitHexDigestFailsAndTheMessageNamesItsPositionOnly(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse(KEY + "," + entry));

        assertTrue(e.getMessage().contains("entry 2"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        if (entry.length() > "sha256:".length()) {
            assertFalse(e.getMessage().contains(entry.substring("sha256:".length())), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"two words", "quote\"d", "colon:key", "ümlaut", "=leading"})
    void aKeyNoClientCouldSendAsABearerTokenFailsWithoutBeingShown(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse(key));

        assertTrue(e.getMessage().contains("entry 1"), e.getMessage());
        assertFalse(e.getMessage().contains(key), e.getMessage());
    }
}
