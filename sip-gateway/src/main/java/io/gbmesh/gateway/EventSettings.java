package io.gbmesh.gateway;

import io.gbmesh.runtime.Env;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the gateway subscribes to on a device and how it takes the device's alarms (GB/T 28181-2016
 * §9.4, §9.11), from the environment (see the README's configuration reference).
 *
 * @param subscribe            the subscriptions made when a device comes online ({@code GB_SUBSCRIBE}, default all
 *                             three: a user who did not ask expects alarms, channel changes and positions to arrive;
 *                             {@code none} for none)
 * @param expiresSeconds       the Expires asked for ({@code GB_SUBSCRIBE_EXPIRES}, 3600); refreshed at 4/5 of what the
 *                             device granted
 * @param refusedRetrySeconds  how long a device that refused a subscription is left alone ({@code GB_SUBSCRIBE_RETRY_S})
 * @param positionInterval     the report interval asked for in a position subscription ({@code GB_POSITION_INTERVAL_S})
 * @param catalogRefreshSeconds each device's catalog is queried again this often, spread over the period
 *                             ({@code GB_CATALOG_REFRESH_S}, 0 = never)
 * @param alarmRate            alarms per second published for one device ({@code GB_ALARM_RATE}); more wait their turn
 * @param alarmBurst           alarms of one device published at once before the rate applies ({@code GB_ALARM_BURST})
 * @param alarmQueue           alarms of one device waiting their turn; past it they are dropped and counted
 *                             ({@code GB_ALARM_QUEUE})
 * @param alarmConfirmConcurrency alarm confirmations (the platform's Response MESSAGE) in flight at once on a
 *                             node; more wait their turn ({@code GB_ALARM_CONFIRM_CONCURRENCY}, {@link Confirmations})
 */
public record EventSettings(Set<Kind> subscribe, int expiresSeconds, int refusedRetrySeconds, int positionInterval,
                            int catalogRefreshSeconds, int alarmRate, int alarmBurst, int alarmQueue,
                            int alarmConfirmConcurrency) {

    /** The subscriptions of GB/T 28181-2016 §9.11 the gateway makes. */
    public enum Kind {
        CATALOG, ALARM, POSITION;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public EventSettings {
        subscribe = subscribe.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(subscribe));
    }

    static EventSettings fromEnv(Env env) {
        return new EventSettings(
                kinds(env.get("GB_SUBSCRIBE", "catalog,alarm,position")),
                Math.max(10, env.getInt("GB_SUBSCRIBE_EXPIRES", 3600)),
                Math.max(1, env.getInt("GB_SUBSCRIBE_RETRY_S", 3600)),
                Math.max(1, env.getInt("GB_POSITION_INTERVAL_S", 5)),
                Math.max(0, env.getInt("GB_CATALOG_REFRESH_S", 0)),
                Math.max(1, env.getInt("GB_ALARM_RATE", 10)),
                Math.max(1, env.getInt("GB_ALARM_BURST", 20)),
                Math.max(0, env.getInt("GB_ALARM_QUEUE", 1000)),
                Math.max(1, env.getInt("GB_ALARM_CONFIRM_CONCURRENCY", 100)));
    }

    static Set<Kind> kinds(String text) {
        EnumSet<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (String part : text.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "", "none" -> { }
                case "catalog" -> kinds.add(Kind.CATALOG);
                case "alarm" -> kinds.add(Kind.ALARM);
                case "position", "mobileposition" -> kinds.add(Kind.POSITION);
                default -> throw new IllegalArgumentException("GB_SUBSCRIBE: unknown subscription '" + part.trim()
                        + "'; use catalog, alarm, position or none");
            }
        }
        return kinds;
    }
}
