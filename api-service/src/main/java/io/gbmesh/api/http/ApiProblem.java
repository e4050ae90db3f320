package io.gbmesh.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * An error answer of the API, as an RFC 9457 problem document ({@code application/problem+json}):
 * {@code type}, {@code title}, {@code status}, {@code detail}, for a refused input the
 * {@code field} it was about, and for a stream that could not start the {@code step} it failed at. Thrown by request checks and by handlers; the router's failure handler
 * writes it.
 */
public final class ApiProblem extends RuntimeException {
    public static final String CONTENT_TYPE = "application/problem+json";

    private final int status;
    private final String field;
    private final String step;

    public ApiProblem(int status, String detail) {
        this(status, detail, null);
    }

    public ApiProblem(int status, String detail, String field) {
        this(status, detail, field, null);
    }

    private ApiProblem(int status, String detail, String field, String step) {
        super(detail, null, false, false);
        this.status = status;
        this.field = field;
        this.step = step;
    }

    /** A stream's start that failed at a step ({@code CLAIM_SSRC}, {@code OPEN_PORT}, {@code INVITE}, ...). */
    public static ApiProblem startFailed(int status, String detail, String step) {
        return new ApiProblem(status, detail, null, step);
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
        JsonObject doc = document(status, getMessage(), field);
        if (step != null) {
            doc.put("step", step);
        }
        return doc;
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
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", CONTENT_TYPE).end(toJson().encode());
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
