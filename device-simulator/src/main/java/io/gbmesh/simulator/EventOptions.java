package io.gbmesh.simulator;

/**
 * How simulated devices raise alarms and answer subscriptions.
 *
 * @param alarmEveryMillis  each device raises an alarm this often on its own (0: only when asked)
 * @param subscribeStatus   the status a SUBSCRIBE is answered with (200 honours it; a 4xx refuses it, as devices without
 *                          subscription support do)
 * @param maxExpires        the most a device grants a subscription, in seconds (a SUBSCRIBE asking more gets this)
 * @param mobile            a vehicle or body camera: while a position subscription is active it reports its
 *                          position at the interval asked (§9.11.2); a fixed camera accepts the subscription and
 *                          reports only when asked to ({@link SimulatedDevice#reportPosition}), as fixed cameras do
 */
public record EventOptions(long alarmEveryMillis, int subscribeStatus, int maxExpires, boolean mobile) {
    public static final EventOptions DEFAULT = new EventOptions(0, 200, 3600, false);

    public EventOptions withAlarmEvery(long millis) {
        return new EventOptions(millis, subscribeStatus, maxExpires, mobile);
    }

    public EventOptions withSubscribeStatus(int status) {
        return new EventOptions(alarmEveryMillis, status, maxExpires, mobile);
    }

    public EventOptions withMaxExpires(int seconds) {
        return new EventOptions(alarmEveryMillis, subscribeStatus, seconds, mobile);
    }

    public EventOptions withMobile(boolean m) {
        return new EventOptions(alarmEveryMillis, subscribeStatus, maxExpires, m);
    }
}
