package io.gbmesh.gateway.redirect;

import io.gbmesh.contracts.GatewayPresence;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Which gateway node a device should register at (registration redirect, GB/T 28181-2022 §9.1.2,
 * reference 6.1 and 7.2). Pure functions of the live gateways:
 * <ul>
 * <li>{@link Mode#HASH}: weighted rendezvous hashing of the device ID over the nodes. Every node
 * computes the same owner without asking anyone, and when a node joins or leaves only the devices
 * whose owner is that node move (about 1/n of them), at their next registration.</li>
 * <li>{@link Mode#LEAST_LOADED}: the node with the fewest devices per unit of weight; meant for new
 * registrations only (a device already served stays where it is).</li>
 * </ul>
 */
public final class RedirectPolicy {
    /** {@code GB_REDIRECT}. */
    public enum Mode {
        OFF, HASH, LEAST_LOADED;

        public static Mode parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "", "off", "none" -> OFF;
                case "hash" -> HASH;
                case "least-loaded", "least_loaded" -> LEAST_LOADED;
                default -> throw new IllegalArgumentException("GB_REDIRECT must be off, hash or least-loaded, not " + text);
            };
        }
    }

    private RedirectPolicy() {
    }

    /** The node of the highest weighted rendezvous score for the device; null when there is none. */
    public static GatewayPresence byHash(String deviceId, Collection<GatewayPresence> gateways) {
        long device = hash64(deviceId);
        GatewayPresence best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (GatewayPresence g : gateways) {
            if (!(g.weight() > 0)) {
                continue;
            }
            double score = score(device, hash64(g.nodeId()), g.weight());
            if (score > bestScore || (score == bestScore && best != null && g.nodeId().compareTo(best.nodeId()) < 0)) {
                best = g;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * The node with the fewest devices per unit of weight, counting {@code pending} (devices sent
     * to a node since its count was read) on top of what it announced; ties go to the smaller node ID.
     */
    public static GatewayPresence leastLoaded(Collection<GatewayPresence> gateways, Map<String, Integer> pending) {
        GatewayPresence best = null;
        double bestLoad = Double.POSITIVE_INFINITY;
        for (GatewayPresence g : gateways) {
            if (!(g.weight() > 0)) {
                continue;
            }
            double load = (g.ownedDevices() + pending.getOrDefault(g.nodeId(), 0)) / g.weight();
            if (load < bestLoad || (load == bestLoad && best != null && g.nodeId().compareTo(best.nodeId()) < 0)) {
                best = g;
                bestLoad = load;
            }
        }
        return best;
    }

    /**
     * Weighted rendezvous score (Schindelhauer and Schomaker): {@code -w / ln(u)} with {@code u} in
     * (0, 1) drawn from the pair's hash, so a node's share of the devices is its share of the weight.
     */
    static double score(long deviceHash, long nodeHash, double weight) {
        long h = mix(deviceHash ^ Long.rotateLeft(nodeHash, 31) ^ 0x9E3779B97F4A7C15L);
        double u = ((h >>> 11) + 0.5) / (double) (1L << 53);
        return -weight / Math.log(u);
    }

    /** FNV-1a over the UTF-8 bytes, then a 64-bit finaliser so that near IDs spread. */
    static long hash64(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** MurmurHash3's fmix64. */
    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
