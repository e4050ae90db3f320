package io.gbmesh.api.http;

import io.gbmesh.api.auth.ApiTokens;
import io.gbmesh.api.auth.TokenGrant;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * RFC 6750 bearer authentication in front of every {@code /api/v1} endpoint: no token or a token
 * that is not valid is 401 with {@code WWW-Authenticate: Bearer}, and the request goes no further;
 * a read-scope token asking for anything but a read is 403 ({@code insufficient_scope}). When the
 * database cannot say whether a token is valid, 503. The grant is left in the context under
 * {@value #GRANT}.
 *
 * <p>The live alarm feed ({@value #STREAM_PATH}) also takes the token as the {@code access_token} query
 * parameter (RFC 6750 §2.3), since a browser's EventSource cannot send headers; nothing else does, so
 * that tokens stay out of the URLs (and the logs) of every other call.
 */
final class BearerAuth implements Handler<RoutingContext> {
    static final String GRANT = "gbmesh.grant";
    static final String STREAM_PATH = "/api/v1/alarms/stream";
    private static final String REALM = "Bearer realm=\"gbmesh\"";

    private final ApiTokens tokens;

    BearerAuth(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("authorization");
        if (header == null && STREAM_PATH.equals(ctx.request().path())) {
            var query = ctx.queryParam("access_token");
            if (query.size() == 1) {
                header = "Bearer " + query.get(0);
            }
        }
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                || header.substring(7).isBlank()) {
            refuse(ctx, REALM, "a bearer token is required: Authorization: Bearer <token>");
            return;
        }
        String token = header.substring(7).trim();
        StoreCalls.guard(tokens.authenticate(token)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                refuse(ctx, REALM + ", error=\"invalid_token\"", "the bearer token is not valid");
            } else {
                TokenGrant grant = ar.result().get();
                HttpMethod m = ctx.request().method();
                if (!grant.mayWrite() && m != HttpMethod.GET && m != HttpMethod.HEAD) {
                    ctx.response().putHeader("www-authenticate", REALM + ", error=\"insufficient_scope\"");
                    ApiProblem.send(ctx, 403, "token '" + grant.name() + "' may only read", null);
                    return;
                }
                ctx.put(GRANT, grant);
                ctx.next();
            }
        });
    }

    private static void refuse(RoutingContext ctx, String challenge, String detail) {
        ctx.response().putHeader("www-authenticate", challenge);
        ApiProblem.send(ctx, 401, detail, null);
    }
}
