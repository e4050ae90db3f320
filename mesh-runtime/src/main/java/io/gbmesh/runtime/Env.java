package io.gbmesh.runtime;

import java.util.Map;

/** Reads configuration from environment variables with defaults. */
public final class Env {
    private final Map<String, String> env;

    public Env(Map<String, String> env) {
        this.env = env;
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String get(String name, String defaultValue) {
        String v = env.get(name);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    public int getInt(String name, int defaultValue) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + v + "'");
        }
    }

    public boolean getBoolean(String name, boolean defaultValue) {
        String v = env.get(name);
        return v == null || v.isBlank() ? defaultValue : Boolean.parseBoolean(v.trim());
    }
}
