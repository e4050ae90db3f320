package io.gbmesh.gateway;

/** GB/T 28181 codes (Annex D): 20 decimal digits, center(8) industry(2) type(3) serial(7). */
public final class DeviceIds {
    private DeviceIds() {
    }

    public static boolean isValid(String id) {
        if (id == null || id.length() != 20) {
            return false;
        }
        for (int i = 0; i < 20; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
