package io.gbmesh.api.http;

import io.gbmesh.api.store.Page;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks every input passes at the edge, before anything is asked of the database or the mesh.
 * Each refusal is an {@link ApiProblem} 400 naming the offending input.
 */
public final class RequestChecks {
    public static final Pattern DEVICE_ID = Pattern.compile("\\d{20}");
    /** Longest alias, token name and password accepted. */
    public static final int MAX_TEXT = 64;
    /** Longest search text. */
    public static final int MAX_QUERY = 64;
    static final int MAX_OFFSET = 1_000_000_000;

    private RequestChecks() {
    }

    /** The 20-digit GB/T 28181 device ID in path parameter {@code name}. */
    public static String deviceId(RoutingContext ctx, String name) {
        String id = ctx.pathParam(name);
        return checkedDeviceId(name, id == null ? "" : id);
    }

    /** A device ID in query parameter {@code name}, or null when it is absent. */
    public static String optionalDeviceId(RoutingContext ctx, String name) {
        String id = single(ctx, name);
        return id == null ? null : checkedDeviceId(name, id);
    }

    private static String checkedDeviceId(String name, String id) {
        if (!DEVICE_ID.matcher(id).matches()) {
            throw ApiProblem.invalid(name, name + " must be a GB/T 28181 device ID: 20 digits");
        }
        return id;
    }

    /** A positive integer ID in path parameter {@code name}. */
    public static long rowId(RoutingContext ctx, String name) {
        String v = ctx.pathParam(name);
        try {
            long id = Long.parseLong(v);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiProblem.invalid(name, name + " must be a positive integer");
    }

    /** {@code offset} (0..1e9, default 0) and {@code limit} (1..{@value Page#MAX_LIMIT}, default {@value Page#DEFAULT_LIMIT}). */
    public static Page page(RoutingContext ctx) {
        int offset = intParam(ctx, "offset", 0, 0, MAX_OFFSET);
        int limit = intParam(ctx, "limit", Page.DEFAULT_LIMIT, 1, Page.MAX_LIMIT);
        return new Page(offset, limit);
    }

    public static int intParam(RoutingContext ctx, String name, int absent, int min, int max) {
        String v = single(ctx, name);
        if (v == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiProblem.invalid(name, name + " must be an integer from " + min + " to " + max);
    }

    /** Query parameter {@code true} / {@code false}, or null when absent. */
    public static Boolean booleanParam(RoutingContext ctx, String name) {
        String v = single(ctx, name);
        if (v == null) {
            return null;
        }
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        throw ApiProblem.invalid(name, name + " must be true or false");
    }

    /** A text query parameter of at most {@code max} characters, or null when absent or blank. */
    public static String textParam(RoutingContext ctx, String name, int max) {
        String v = single(ctx, name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.length() > max) {
            throw ApiProblem.invalid(name, name + " must be at most " + max + " characters");
        }
        return v;
    }

    private static String single(RoutingContext ctx, String name) {
        var all = ctx.queryParam(name);
        if (all.size() > 1) {
            throw ApiProblem.invalid(name, name + " must be given once");
        }
        return all.isEmpty() ? null : all.get(0);
    }

    /**
     * The request body as a JSON object that names only {@code allowed} fields. An empty, malformed
     * or non-object body, or an unknown field, is refused: a misspelt field must not be silently ignored.
     */
    public static JsonObject jsonObject(RoutingContext ctx, Set<String> allowed) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiProblem.invalid(null, "a JSON object is required as the request body");
        }
        String text = body.toString().trim();
        if (!text.startsWith("{")) {
            throw ApiProblem.invalid(null, "the request body must be a JSON object");
        }
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException e) {
            throw ApiProblem.invalid(null, "the request body is not valid JSON");
        }
        for (String field : json.fieldNames()) {
            if (!allowed.contains(field)) {
                throw ApiProblem.invalid(field, "unknown field '" + field + "'; allowed: " + String.join(", ", allowed));
            }
        }
        return json;
    }

    /**
     * Field {@code name} of {@code json} as text of 1..{@code max} characters without control
     * characters; null when the field is null. Call only for fields the body has.
     */
    public static String textField(JsonObject json, String name, int max) {
        Object v = json.getValue(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiProblem.invalid(name, name + " must be a string or null");
        }
        if (s.isEmpty() || s.length() > max) {
            throw ApiProblem.invalid(name, name + " must be 1 to " + max + " characters");
        }
        if (s.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.invalid(name, name + " must not contain control characters");
        }
        return s;
    }
}
