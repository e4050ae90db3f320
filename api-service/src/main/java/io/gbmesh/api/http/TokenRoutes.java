package io.gbmesh.api.http;

import static io.gbmesh.api.http.StoreCalls.guard;

import io.gbmesh.api.auth.TokenScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** {@code /tokens}: bearer tokens for the API and MQTT. Creating and deleting takes an admin token. */
public final class TokenRoutes implements ApiRoutes {
    private static final Set<String> CREATE_FIELDS = Set.of("name", "scope");

    @Override
    public void mount(Router v1, ApiServices s) {
        v1.post("/tokens").handler(ctx -> create(ctx, s));
        v1.get("/tokens").handler(ctx -> guard(s.tokens().list()).map(list -> {
            JsonArray items = new JsonArray();
            list.forEach(t -> items.add(JsonViews.token(t)));
            return new JsonObject().put("items", items).put("total", list.size());
        }).onSuccess(ctx::json).onFailure(ctx::fail));
        v1.delete("/tokens/:tokenId").handler(ctx -> {
            long id = RequestChecks.rowId(ctx, "tokenId");
            guard(s.tokens().delete(id))
                    .compose(found -> found ? Future.<Void>succeededFuture()
                            : Future.<Void>failedFuture(ApiProblem.notFound("no token " + id)))
                    .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
        });
    }

    private void create(RoutingContext ctx, ApiServices s) {
        JsonObject body = RequestChecks.jsonObject(ctx, CREATE_FIELDS);
        String name = body.containsKey("name") ? RequestChecks.textField(body, "name", RequestChecks.MAX_TEXT) : null;
        if (name == null) {
            throw ApiProblem.invalid("name", "name is required");
        }
        TokenScope scope = TokenScope.READ;
        if (body.containsKey("scope")) {
            Object v = body.getValue("scope");
            scope = v instanceof String text ? TokenScope.fromWireName(text) : null;
            if (scope == null) {
                throw ApiProblem.invalid("scope", "scope must be admin or read");
            }
        }
        guard(s.tokens().create(name, scope)).onSuccess(issued -> ctx.response().setStatusCode(201)
                        .putHeader("location", "/api/v1/tokens/" + issued.info().id())
                        .putHeader("cache-control", "no-store")
                        .putHeader("content-type", "application/json")
                        .end(JsonViews.token(issued.info()).put("token", issued.token()).encode()))
                .onFailure(ctx::fail);
    }
}
