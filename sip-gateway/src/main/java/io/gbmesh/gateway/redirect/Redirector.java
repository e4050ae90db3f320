package io.gbmesh.gateway.redirect;

import io.gbmesh.contracts.GatewayPresence;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides, for an authenticated REGISTER, whether this node answers {@code 302 Moved Temporarily}
 * with another node's address instead of taking the registration (GB/T 28181-2022 §9.1.2). A device
 * that comes back here anyway {@code tries} times in a row is served here from then on, as long as it
 * keeps registering here: firmware before 2022 retries the same address after a 302, and must not be
 * locked out. Unregistrations are never redirected. Used on the gateway's event loop.
 */
public final class Redirector {
    /** Devices redirected, and how many times in a row; bounded, the least recently seen forgotten first. */
    private static final int MAX_TRACKED = 200_000;

    private final RedirectSettings settings;
    private final String selfNodeId;
    private final Supplier<List<GatewayPresence>> live;
    private final Map<String, Integer> redirects = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > MAX_TRACKED;
        }
    };
    /** Devices sent to each node since the directory was last read (least-loaded only). */
    private final Map<String, Integer> sentSinceSnapshot = new HashMap<>();
    private List<GatewayPresence> snapshot = List.of();

    /** {@code live}: the gateway nodes alive now, this one included (read on every decision; keep it cheap). */
    public Redirector(RedirectSettings settings, String selfNodeId, Supplier<List<GatewayPresence>> live) {
        this.settings = settings;
        this.selfNodeId = selfNodeId;
        this.live = live;
    }

    /** What became of one REGISTER. */
    public record Decision(GatewayPresence target, boolean servedDespiteRedirect) {
        static final Decision HERE = new Decision(null, false);
        static final Decision STUBBORN = new Decision(null, true);

        public boolean redirect() {
            return target != null;
        }
    }

    /**
     * Where {@code deviceId} should register. {@code ownedHere}: this node serves it already (a
     * refresh), which least-loaded never moves.
     */
    public Decision decide(String deviceId, boolean ownedHere) {
        if (!settings.enabled()) {
            return Decision.HERE;
        }
        List<GatewayPresence> gateways = live.get();
        if (gateways != snapshot) {
            snapshot = gateways;
            sentSinceSnapshot.clear();
        }
        if (gateways.size() < 2 || gateways.stream().noneMatch(g -> g.nodeId().equals(selfNodeId))) {
            return Decision.HERE;
        }
        GatewayPresence target = switch (settings.mode()) {
            case HASH -> RedirectPolicy.byHash(deviceId, gateways);
            case LEAST_LOADED -> ownedHere ? null : RedirectPolicy.leastLoaded(gateways, sentSinceSnapshot);
            case OFF -> null;
        };
        if (target == null || target.nodeId().equals(selfNodeId)) {
            redirects.remove(deviceId);
            if (target != null) {
                sentSinceSnapshot.merge(selfNodeId, 1, Integer::sum);
            }
            return Decision.HERE;
        }
        int given = redirects.getOrDefault(deviceId, 0);
        if (given >= settings.tries()) {
            // it ignores the redirect: it stays tracked (so refreshes are served too) while it comes here
            redirects.put(deviceId, given);
            return Decision.STUBBORN;
        }
        redirects.put(deviceId, given + 1);
        sentSinceSnapshot.merge(target.nodeId(), 1, Integer::sum);
        return new Decision(target, false);
    }

    /** Devices this node redirected and still remembers (bounded). */
    public int tracked() {
        return redirects.size();
    }
}
