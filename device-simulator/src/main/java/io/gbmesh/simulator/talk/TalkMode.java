package io.gbmesh.simulator.talk;

/**
 * How the simulated device asks for broadcast audio in its INVITE (reference 6.12): over UDP, over
 * TCP connecting to the platform ({@code a=setup:active}), or over TCP listening ({@code a=setup:passive}).
 */
public enum TalkMode {
    UDP, TCP_ACTIVE, TCP_PASSIVE
}
