package io.gbmesh.protocol.manscdp;

/**
 * What an alarm subscription asks for (GB/T 28181-2016 A.2.4.4): a priority range, a method and a
 * type, and a time window; {@code "0"} priority and method mean all, null type and times are left out.
 */
public record AlarmSubscription(String startPriority, String endPriority, String method, String type,
                                String startTime, String endTime) {

    /** Every alarm of every priority, method and type, from now on. */
    public static final AlarmSubscription ALL = new AlarmSubscription("0", "0", "0", null, null, null);
}
