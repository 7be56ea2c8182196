package io.notifications.consumer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreFailureTest {

    private static SQLException sql(String state) {
        return new SQLException("failure with state " + state, state);
    }

    /** The SQLException as a JPA provider or an EJB container hands it over: wrapped several times. */
    private static RuntimeException wrapped(Throwable cause) {
        return new RuntimeException("transaction failed", new IllegalStateException("flush failed", new RuntimeException(cause)));
    }

    @Nested
    class Permanence {

        @ParameterizedTest(name = "SQLState {0}")
        @ValueSource(strings = {
                "22000", // data exception
                "22001", // string data right truncation
                "22003", // numeric value out of range
                "22021", // character not in repertoire
                "22P02", // invalid text representation
                "22P05", // untranslatable character (\u0000 in jsonb)
                "23000", // integrity constraint violation
                "23502", // not null violation
                "23503", // foreign key violation
                "23505", // unique violation
                "23514"  // check violation
        })
        void dataAndIntegrityErrorsArePermanent(String state) {
            assertTrue(StoreFailure.isPermanent(sql(state)));
        }

        @ParameterizedTest(name = "SQLState {0}")
        @ValueSource(strings = {"22P02", "23505"})
        void dataAndIntegrityErrorsArePermanentAlsoWhenWrappedSeveralLevelsDeep(String state) {
            assertTrue(StoreFailure.isPermanent(wrapped(sql(state))));
        }

        @Test
        void aBadValueWrappedInPlainRuntimeExceptionsIsPermanent() {
            assertTrue(StoreFailure.isPermanent(new RuntimeException(new RuntimeException(new SQLException("x", "22P02")))));
        }

        @ParameterizedTest(name = "SQLState {0}")
        @ValueSource(strings = {
                "08000", // connection exception
                "08001", // unable to connect
                "08006", // connection failure
                "53000", // insufficient resources
                "53300", // too many connections
                "57P01", // admin shutdown
                "57P03", // cannot connect now (starting up)
                "40001", // serialization failure
                "40P01", // deadlock detected
                "XX000", // internal error: unrecognised, so retried
                "2",     // too short to have a class
                ""
        })
        void everyOtherStateIsTransient(String state) {
            assertFalse(StoreFailure.isPermanent(sql(state)));
            assertFalse(StoreFailure.isPermanent(wrapped(sql(state))));
        }

        @Test
        void aFailureWithoutAnySqlExceptionIsTransient() {
            assertFalse(StoreFailure.isPermanent(new RuntimeException("connection pool exhausted")));
            assertFalse(StoreFailure.isPermanent(wrapped(new IOException("connection reset"))));
        }

        @Test
        void anSqlExceptionWithoutStateIsTransient() {
            assertFalse(StoreFailure.isPermanent(new SQLException("no state")));
            assertFalse(StoreFailure.isPermanent(wrapped(new SQLTransientConnectionException("pool timeout"))));
        }

        @Test
        void anSqlExceptionWithoutStateDefersToTheStateOfItsCause() {
            assertTrue(StoreFailure.isPermanent(new SQLException("wrapper without state", (String) null, sql("23505"))));
        }

        @Test
        void theOutermostSqlStateDecides() {
            assertFalse(StoreFailure.isPermanent(new SQLException("connection lost", "08006", sql("23505"))));
            assertTrue(StoreFailure.isPermanent(new SQLException("bad value", "22P02", sql("08006"))));
        }
    }

    @Nested
    class Description {

        @Test
        void namesTheRootCauseClassAndTheFirstLineOfItsMessage() {
            SQLException root = new SQLException(
                    "ERROR: duplicate key value violates unique constraint \"processed_events_pkey\"\n"
                            + "  Detail: Key (event_id)=(550e8400-e29b-41d4-a716-446655440000) already exists.",
                    "23505");

            assertEquals("SQLException: ERROR: duplicate key value violates unique constraint \"processed_events_pkey\"",
                    StoreFailure.describe(wrapped(root)));
        }

        @Test
        void aFailureWithoutCauseDescribesItself() {
            assertEquals("IllegalStateException: broken", StoreFailure.describe(new IllegalStateException("broken")));
        }

        @Test
        void aRootCauseWithoutMessageIsNamedByItsClassAlone() {
            assertEquals("NullPointerException", StoreFailure.describe(wrapped(new NullPointerException())));
            assertEquals("IOException", StoreFailure.describe(wrapped(new IOException(""))));
        }

        @Test
        void windowsLineEndsEndTheFirstLineToo() {
            assertEquals("SQLException: first", StoreFailure.describe(new SQLException("first\r\nsecond", "08006")));
        }
    }
}
