package io.gbmesh.gateway;

import io.gbmesh.contracts.DeviceControlRequest;
import io.gbmesh.contracts.QueryFailure;

/** The values of a {@link DeviceControlRequest}, checked: a missing or out-of-range one is a 400 failure. */
final class ControlParams {
    private final DeviceControlRequest request;

    ControlParams(DeviceControlRequest request) {
        this.request = request;
    }

    String text(String key) {
        return request.params().get(key);
    }

    int integer(String key, int min, int max) {
        String v = text(key);
        if (v == null) {
            throw bad(key + " is required");
        }
        return checked(key, v, min, max);
    }

    int integer(String key, int min, int max, int absent) {
        String v = text(key);
        return v == null ? absent : checked(key, v, min, max);
    }

    Integer optional(String key, int min, int max) {
        String v = text(key);
        return v == null ? null : checked(key, v, min, max);
    }

    double decimal(String key, double min, double max) {
        String v = text(key);
        if (v == null) {
            throw bad(key + " is required");
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || d < min || d > max) {
                throw bad(key + " must be " + min + ".." + max);
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad(key + " must be a number");
        }
    }

    boolean flag(String key, boolean absent) {
        String v = text(key);
        return v == null ? absent : Boolean.parseBoolean(v);
    }

    private static int checked(String key, String v, int min, int max) {
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw bad(key + " must be " + min + ".." + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw bad(key + " must be an integer");
        }
    }

    static QueryFailedException bad(String why) {
        return new QueryFailedException(QueryFailure.BAD_REQUEST, why);
    }
}
