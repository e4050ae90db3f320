package io.gbmesh.api.store;

/**
 * What a device listing keeps: {@code online} true/false, or null for both; {@code text} a
 * case-insensitive substring of the device ID, alias, device name or manufacturer, or null for all.
 */
public record DeviceFilter(Boolean online, String text) {
    public static final DeviceFilter ALL = new DeviceFilter(null, null);

    public DeviceFilter {
        text = text == null || text.isBlank() ? null : text.trim();
    }
}
