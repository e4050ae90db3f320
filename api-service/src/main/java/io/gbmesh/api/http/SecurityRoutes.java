package io.gbmesh.api.http;

import io.gbmesh.api.auth.TokenGrant;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.AuthBan;
import io.gbmesh.contracts.AuthBanLifted;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code /security/bans}: the sources and device IDs the gateways refuse for failed digest
 * authentication, read from the cluster map every gateway node writes its bans to, and lifted on
 * every node at once. Admin tokens only: a ban list tells an attacker which guesses were noticed.
 */
public final class SecurityRoutes implements ApiRoutes {
    /** An IPv4 or IPv6 literal, as the gateway records a source. */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    @Override
    public void mount(Router v1, ApiServices s) {
        v1.get("/security/bans").handler(ctx -> {
            requireAdmin(ctx);
            bans(s).compose(AsyncMap::entries).map(entries -> {
                long now = System.currentTimeMillis();
                List<AuthBan> live = entries.values().stream().map(SecurityRoutes::decode).filter(Objects::nonNull)
                        .filter(b -> b.untilMillis() > now)
                        .sorted(Comparator.comparingLong(AuthBan::bannedAtMillis).reversed()).toList();
                JsonArray items = new JsonArray();
                live.forEach(b -> items.add(view(b)));
                return new JsonObject().put("items", items).put("total", live.size());
            }).recover(SecurityRoutes::unavailable).onSuccess(ctx::json).onFailure(ctx::fail);
        });
        v1.delete("/security/bans/:kind/:value").handler(ctx -> {
            requireAdmin(ctx);
            String kind = ctx.pathParam("kind");
            String value = ctx.pathParam("value");
            if (AuthBan.DEVICE.equals(kind)) {
                value = RequestChecks.deviceId(ctx, "value");
            } else if (!AuthBan.SOURCE.equals(kind)) {
                throw ApiProblem.invalid("kind", "kind must be source or device");
            } else if (value == null || !ADDRESS.matcher(value).matches()) {
                throw ApiProblem.invalid("value", "value must be an IP address");
            }
            String v = value;
            bans(s).compose(map -> map.remove(AuthBan.key(kind, v))).recover(SecurityRoutes::unavailable)
                    .onSuccess(previous -> {
                        // every node forgets it, listed or not (a node whose write to the map failed holds it too)
                        s.vertx().eventBus().publish(Addresses.AUTH_BAN_LIFTED, new AuthBanLifted(kind, v));
                        if (previous == null) {
                            ctx.fail(ApiProblem.notFound("no ban of " + kind + " " + v + " is listed"));
                        } else {
                            ctx.response().setStatusCode(204).end();
                        }
                    }).onFailure(ctx::fail);
        });
    }

    private static void requireAdmin(RoutingContext ctx) {
        TokenGrant grant = ctx.get(BearerAuth.GRANT);
        if (grant == null || !grant.mayWrite()) {
            throw new ApiProblem(403, "the ban list takes an admin token");
        }
    }

    private static Future<AsyncMap<String, String>> bans(ApiServices s) {
        return s.vertx().sharedData().getAsyncMap(Addresses.AUTH_BANS_MAP);
    }

    private static <T> Future<T> unavailable(Throwable err) {
        return Future.failedFuture(new ApiProblem(503, "the cluster map of bans is unavailable: " + err.getMessage()));
    }

    private static AuthBan decode(String json) {
        try {
            return MeshCodec.fromJson(json, AuthBan.class);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static JsonObject view(AuthBan b) {
        return new JsonObject().put("kind", b.kind()).put("value", b.value()).put("gatewayNode", b.gatewayNode())
                .put("failures", b.failures()).put("bannedAt", Instant.ofEpochMilli(b.bannedAtMillis()).toString())
                .put("until", Instant.ofEpochMilli(b.untilMillis()).toString());
    }
}
