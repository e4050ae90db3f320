package io.gbmesh.gateway.redirect;

import io.gbmesh.contracts.GatewayPresence;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Registration redirect at scale, in virtual time and without sockets (bench/redirect-sim.sh): N
 * devices spread by {@link RedirectPolicy#byHash} over G gateways. For each G it reports the balance
 * (most devices on one node over the mean), how many devices move when a gateway joins and when one
 * leaves (and whether any moved between two nodes that stayed), and how long the devices of a killed
 * gateway take to be registered at another one:
 * <ul>
 * <li>each device keeps alive every {@code heartbeat} s at a random phase; a keepalive that gets no
 * answer fails after Timer F (32 s); after {@code count} failures in a row the device registers again
 * at its configured platform (a redirect server), as the reference's 7.2 describes;</li>
 * <li>the killed node stays in the gateways' directory for five presence periods; a device
 * redirected to it meanwhile fails again (32 s) and starts over;</li>
 * <li>every device is configured with one entry point (the worst case: one node answers every
 * REGISTER that ends in a 302), then registers at the node the 302 names; each registration (401
 * round, then 302 or 200) is served by a node at {@code rate} per second, first come first served
 * (a queue per node), which is what bounds a storm.</li>
 * </ul>
 * args: {@code devices gateways... [--heartbeat 60 --count 3 --presence 5 --rate 5000]}.
 */
public final class RedirectSimulation {
    private RedirectSimulation() {
    }

    public static void main(String[] args) {
        int devices = Integer.parseInt(args[0]);
        List<Integer> sizes = new ArrayList<>();
        double heartbeat = 60;
        int count = 3;
        double presence = 5;
        double rate = 5000;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--heartbeat" -> heartbeat = Double.parseDouble(args[++i]);
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--presence" -> presence = Double.parseDouble(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        String[] ids = new String[devices];
        for (int i = 0; i < devices; i++) {
            ids[i] = "34020000001" + String.format("%09d", i);
        }
        System.out.printf("devices %,d; keepalive every %.0f s, %d missed = re-register; presence period %.0f s (5 periods to drop out);"
                + " %,.0f registrations/s per node%n", devices, heartbeat, count, presence, rate);
        System.out.println("| gateways | max/mean owned | min/mean | moved when one joins (ideal) | moved between nodes that stayed "
                + "| moved when one leaves | re-homed after a kill: median / last (s) | re-registrations of its devices |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int g : sizes) {
            row(ids, g, heartbeat, count, presence, rate);
        }
    }

    private static List<GatewayPresence> nodes(int n) {
        List<GatewayPresence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new GatewayPresence("gw-" + i, "10.0.0." + i, 5060, 0, 1, 0));
        }
        return out;
    }

    private static int[] assign(String[] ids, List<GatewayPresence> nodes) {
        int[] owner = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            owner[i] = Integer.parseInt(RedirectPolicy.byHash(ids[i], nodes).nodeId().substring(3));
        }
        return owner;
    }

    private static void row(String[] ids, int g, double heartbeat, int count, double presence, double rate) {
        int[] owner = assign(ids, nodes(g));
        int[] per = new int[g + 1];
        for (int o : owner) {
            per[o]++;
        }
        double mean = ids.length / (double) g;
        int max = 0;
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < g; i++) {
            max = Math.max(max, per[i]);
            min = Math.min(min, per[i]);
        }
        int[] joined = assign(ids, nodes(g + 1));
        int movedJoin = 0;
        int movedBetweenOld = 0;
        for (int i = 0; i < ids.length; i++) {
            if (joined[i] != owner[i]) {
                movedJoin++;
                if (joined[i] != g) {
                    movedBetweenOld++;
                }
            }
        }
        int killed = 0;
        List<GatewayPresence> without = nodes(g);
        without.remove(killed);
        int[] left = assign(ids, without);
        int movedLeave = 0;
        for (int i = 0; i < ids.length; i++) {
            if (left[i] != owner[i]) {
                movedLeave++;
                if (owner[i] != killed) {
                    movedBetweenOld++;
                }
            }
        }
        double[] rehome = rehome(owner, left, killed, g, heartbeat, count, presence, rate);
        System.out.printf("| %d | %.3f | %.3f | %,d (%.2f%%; ideal %.2f%%) | %d | %,d (its %,d) | %.0f / %.0f | %,.0f |%n", g, max / mean,
                min / mean, movedJoin, 100.0 * movedJoin / ids.length, 100.0 / (g + 1), movedBetweenOld, movedLeave,
                per[killed], rehome[0], rehome[1], rehome[2]);
    }

    /** Event-driven: the killed node's devices notice, go home, are redirected, and register. */
    private static double[] rehome(int[] owner, int[] after, int killed, int g, double heartbeat, int count,
                                   double presence, double rate) {
        Random random = new Random(7);
        double dropsOut = 5 * presence * random.nextDouble() + 4 * presence; // between 4 and 5 periods after the kill
        // events: (time, device); each device first notices the loss after `count` unanswered keepalives
        PriorityQueue<double[]> events = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        int affected = 0;
        for (int i = 0; i < owner.length; i++) {
            if (owner[i] == killed) {
                affected++;
                double phase = random.nextDouble() * heartbeat;
                events.add(new double[] {phase + (count - 1) * heartbeat + 32, i});
            }
        }
        double[] nodeFree = new double[g];
        List<Double> done = new ArrayList<>(affected);
        long registrations = 0;
        while (!events.isEmpty()) {
            double[] e = events.poll();
            double t = e[0];
            int device = (int) e[1];
            // the configured platform: one entry point for every device (the worst case: one node
            // answers all the REGISTERs that end in a 302), then the node the redirect names
            int entry = killed == 0 ? 1 : 0;
            double redirected = Math.max(t, nodeFree[entry]) + 1 / rate;
            nodeFree[entry] = redirected;
            registrations++;
            // before the killed node dropped out of the directory, the redirect still names it
            if (redirected < dropsOut) {
                events.add(new double[] {redirected + 32, device});
                continue;
            }
            int target = after[device];
            double served = target == entry ? redirected : Math.max(redirected, nodeFree[target]) + 1 / rate;
            nodeFree[target] = Math.max(nodeFree[target], served);
            done.add(served);
        }
        done.sort(Double::compare);
        return new double[] {done.get(done.size() / 2), done.get(done.size() - 1), registrations};
    }
}
