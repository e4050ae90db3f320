package io.gbmesh.contracts;

/**
 * One of a device's event subscriptions as its gateway holds it (GB/T 28181-2016 §9.11, RFC 6665).
 *
 * @param kind          {@code catalog}, {@code alarm} or {@code position}
 * @param state         {@code pending} (SUBSCRIBE sent), {@code active} (accepted by a 2xx), {@code refused} (the device
 *                      answered 4xx–6xx: not subscribable, not asked again until {@code retryAt}), {@code failed} (no
 *                      answer: asked again at {@code retryAt})
 * @param expiresAt     epoch ms when an active subscription lapses unless refreshed; 0 otherwise
 * @param refreshAt     epoch ms of the next refresh (active) or retry (refused, failed); 0 when none
 * @param status        the SIP status of the device's last answer; 0 for none
 * @param notifications NOTIFYs received under this subscription
 */
public record SubscriptionState(String kind, String state, long expiresAt, long refreshAt, int status,
                                long notifications) {
}
