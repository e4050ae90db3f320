package io.gbmesh.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * An error answer of the API, as an RFC 9457 problem document ({@code application/problem+json}):
 * {@code type}, {@code title}, {@code status}, {@code detail}, and for a refused input the
 * {@code field} it was about. Thrown by request checks and by handlers; the router's failure handler
 * writes it.
 */
public final class ApiProblem extends RuntimeException {
    public static final String CONTENT_TYPE = "application/problem+json";

    private final int status;
    private final String field;

    public ApiProblem(int status, String detail) {
        this(status, detail, null);
    }

    public ApiProblem(int status, String detail, String field) {
        super(detail, null, false, false);
        this.status = status;
        this.field = field;
    }

    /** 400 about one input: a query parameter, a path parameter or a field of the JSON body. */
    public static ApiProblem invalid(String field, String detail) {
        return new ApiProblem(400, detail, field);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, detail);
    }

    public static ApiProblem databaseUnavailable() {
        return new ApiProblem(503, "the database is unavailable; try again shortly");
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public JsonObject toJson() {
        return document(status, getMessage(), field);
    }

    static JsonObject document(int status, String detail, String field) {
        JsonObject doc = new JsonObject()
                .put("type", "about:blank")
                .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
                .put("status", status)
                .put("detail", detail);
        if (field != null) {
            doc.put("field", field);
        }
        return doc;
    }

    /** Writes this problem as the response, unless one was already started. */
    public void send(RoutingContext ctx) {
        send(ctx, status, getMessage(), field);
    }

    static void send(RoutingContext ctx, int status, String detail, String field) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", CONTENT_TYPE)
                .end(document(status, detail, field).encode());
    }
}
