package io.notifications.api.contract;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The OpenAPI document's head, served by the server at {@code /openapi}: what the API is, its bearer scheme, and the
 * answers every operation shares, which the resources name by {@code ref}. The operations themselves are described
 * on the resource methods, next to the code that answers them.
 */
@OpenAPIDefinition(
        info = @Info(title = "Notification API", version = "1.0.0", description = ApiContract.DESCRIPTION),
        tags = {
                @Tag(name = ApiContract.EVENTS, description = "Publish events, read them back once stored"),
                @Tag(name = ApiContract.DEAD_LETTERS, description = "Messages the consumer could not store: list, "
                        + "replay through the normal path, or discard. For operators")},
        securitySets = {
                @SecurityRequirementsSet(@SecurityRequirement(name = ApiContract.API_KEY)),
                @SecurityRequirementsSet({})},
        components = @Components(
                headers = @Header(name = ApiContract.RETRY_AFTER, required = true,
                        description = "Seconds to wait before retrying: 5 while RabbitMQ cannot take the request, "
                                + "1 while the server shuts down",
                        schema = @Schema(type = SchemaType.INTEGER, minimum = "1")),
                responses = {
                        @APIResponse(name = ApiContract.INVALID, description = "The request is not valid and nothing "
                                + "was done: errors names each field, parameter or header at fault",
                                content = @Content(mediaType = ApiContract.JSON, schema = @Schema(ref = Schemas.ERROR))),
                        @APIResponse(name = ApiContract.UNAUTHORIZED, description = "Only when API keys or user "
                                + "tokens are configured: no API key, or not a valid one, as Authorization: Bearer <key>; "
                                + "or a user's token that does not verify (signature, issuer, expiry); or, on a user's "
                                + "endpoints, no token. Checked before anything else: nothing was done",
                                headers = @Header(name = "WWW-Authenticate", required = true,
                                        description = "Bearer realm=\"notifications\", with error=\"invalid_token\" "
                                                + "when credentials were given but do not hold",
                                        schema = @Schema(type = SchemaType.STRING)),
                                content = @Content(mediaType = ApiContract.JSON, schema = @Schema(ref = Schemas.ERROR))),
                        @APIResponse(name = ApiContract.FORBIDDEN, description = "A user's token, for another user's "
                                + "events, or (while API keys are configured) for an endpoint that needs an API key. "
                                + "Nothing was done",
                                content = @Content(mediaType = ApiContract.JSON, schema = @Schema(ref = Schemas.ERROR))),
                        @APIResponse(name = ApiContract.NOT_ACCEPTABLE, description = "The Accept header allows none of "
                                + "the types the operation answers in: application/json (text/event-stream for a stream)",
                                content = @Content(mediaType = ApiContract.JSON, schema = @Schema(ref = Schemas.ERROR))),
                        @APIResponse(name = ApiContract.TOO_LARGE, description = "The body is over the limit "
                                + "(API_MAX_BODY_BYTES, 64 KiB, for one event; api.max-batch-body-bytes, 1 MiB, for "
                                + "a batch); it was not read further and nothing was published",
                                content = @Content(mediaType = ApiContract.JSON, schema = @Schema(ref = Schemas.ERROR))),
                        @APIResponse(name = ApiContract.UNSUPPORTED, description = "The Content-Type is missing or "
                                + "not application/json; nothing was published",
                                content = @Content(mediaType = ApiContract.JSON, schema = @Schema(ref = Schemas.ERROR))),
                        @APIResponse(name = ApiContract.UNAVAILABLE, description = "RabbitMQ cannot take the request "
                                + "(it did not confirm in time, refused the message, could not route it, or blocks "
                                + "publishers), or the server is shutting down. Nothing was accepted: retry after "
                                + "Retry-After seconds, with the same event_id where there is one",
                                headers = @Header(name = ApiContract.RETRY_AFTER, ref = ApiContract.RETRY_AFTER),
                                content = @Content(mediaType = ApiContract.JSON, schema = @Schema(ref = Schemas.ERROR))),
                        @APIResponse(name = ApiContract.DEAD_LETTERS_UNAVAILABLE, description = "RabbitMQ could "
                                + "not do it (the API has no connection to it, or it did not confirm a replayed copy): "
                                + "the messages stay parked. Or the server is shutting down. Retry after Retry-After seconds",
                                headers = @Header(name = ApiContract.RETRY_AFTER, ref = ApiContract.RETRY_AFTER),
                                content = @Content(mediaType = ApiContract.JSON, schema = @Schema(ref = Schemas.ERROR))),
                        @APIResponse(name = ApiContract.READ_UNAVAILABLE, description = "The database cannot answer "
                                + "now (down, restarting, out of connections, too slow), or the server is shutting "
                                + "down. Ask again after Retry-After seconds, or another instance (marking read is "
                                + "safe to send again)",
                                headers = @Header(name = ApiContract.RETRY_AFTER, ref = ApiContract.RETRY_AFTER),
                                content = @Content(mediaType = ApiContract.JSON, schema = @Schema(ref = Schemas.ERROR))),
                        @APIResponse(name = ApiContract.INTERNAL, description = "An unexpected failure (a bug); the "
                                + "message names an incident id found in the log",
                                content = @Content(mediaType = ApiContract.JSON, schema = @Schema(ref = Schemas.ERROR)))}))
@SecurityScheme(securitySchemeName = ApiContract.API_KEY, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API key as a bearer token: Authorization: Bearer <key>. Required only when the server has "
                + "API keys configured (api.keys / API_KEYS); a server without them is open.")
@SecurityScheme(securitySchemeName = ApiContract.USER_TOKEN, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "A user's token: a MicroProfile JWT (RS256 or ES256) from the configured "
                + "issuer whose sub is the user's id, as Authorization: Bearer <token>. It reaches that user's "
                + "timeline, unread count, read state and stream only. Accepted only when the server has the "
                + "issuer's public key (mp.jwt.verify.publickey / MP_JWT_VERIFY_PUBLICKEY).")
public final class ApiContract {

    static final String DESCRIPTION = """
            Services publish events here; the API answers 202 only once RabbitMQ has confirmed the event, and a \
            consumer stores each event exactly once in PostgreSQL, where it can be read back.

            Every error answers application/json in one shape, {"message", "errors": [{"field", "message"}]} \
            (errors only where fields, parameters or headers are at fault). A path under /api that does not exist \
            answers 404, and a method a path does not support answers 405, in the same shape.

            API keys: when the server has keys configured (api.keys / API_KEYS), every /api call must send one as \
            Authorization: Bearer <key>, or is answered 401 with WWW-Authenticate before anything else is done. \
            Without keys configured the API is open. /health and /openapi are never behind a key.

            User tokens: when the server has an issuer's public key (mp.jwt.verify.publickey), a person's browser \
            may send a JWT whose sub is its user's id instead of a key, as Authorization: Bearer <token>. It \
            reaches that user's timeline, unread count, read state and stream; another user's answer 403. Those \
            endpoints then need the user's token or an API key.""";

    public static final String JSON = "application/json";

    public static final String EVENTS = "Events";
    public static final String DEAD_LETTERS = "Dead letters";

    public static final String API_KEY = "apiKey";
    public static final String USER_TOKEN = "userToken";
    public static final String RETRY_AFTER = "Retry-After";

    /** Shared answers, by their name under {@code components/responses}. */
    public static final String INVALID = "InvalidRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_ACCEPTABLE = "NotAcceptable";
    public static final String TOO_LARGE = "BodyTooLarge";
    public static final String UNSUPPORTED = "UnsupportedMediaType";
    public static final String UNAVAILABLE = "BrokerUnavailable";
    public static final String DEAD_LETTERS_UNAVAILABLE = "DeadLettersUnavailable";
    public static final String READ_UNAVAILABLE = "ReadUnavailable";
    public static final String INTERNAL = "InternalError";

    private ApiContract() {
    }
}
