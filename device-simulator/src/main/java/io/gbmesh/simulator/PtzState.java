package io.gbmesh.simulator;

import io.gbmesh.protocol.ptz.PtzCommand;

/**
 * The dome of one simulated channel: where it points and how it moves. The position is integrated
 * when read, so it changes while a motion runs and stays where a stop left it. At speed 255 it pans
 * {@value #PAN_DEGREES_PER_SECOND}°/s, tilts {@value #TILT_DEGREES_PER_SECOND}°/s and zooms
 * {@value #ZOOM_PER_SECOND}× per second at zoom speed 15.
 */
public final class PtzState {
    static final double PAN_DEGREES_PER_SECOND = 120;
    static final double TILT_DEGREES_PER_SECOND = 60;
    static final double ZOOM_PER_SECOND = 4;
    static final double MIN_TILT = -30;
    static final double MAX_TILT = 90;
    static final double MIN_ZOOM = 1;
    static final double MAX_ZOOM = 30;

    /** A snapshot of the dome: pan 0..360, tilt -30..90 degrees, zoom 1..30, and whether it moves. */
    public record Position(double pan, double tilt, double zoom, boolean moving) {
    }

    private double pan;
    private double tilt;
    private double zoom = MIN_ZOOM;
    private double panRate;
    private double tiltRate;
    private double zoomRate;
    private long since = System.nanoTime();
    private String lastCommand = "";

    /** Applies a PTZ instruction: a motion sets the rates from its speeds; stop, like any other instruction, ends the motion. */
    public synchronized void apply(PtzCommand command) {
        settle();
        lastCommand = command.toHex();
        if (command.isPtz()) {
            panRate = command.panDirection() * command.data1() / 255.0 * PAN_DEGREES_PER_SECOND;
            tiltRate = command.tiltDirection() * command.data2() / 255.0 * TILT_DEGREES_PER_SECOND;
            zoomRate = command.zoomDirection() * command.data3() / 15.0 * ZOOM_PER_SECOND;
        }
    }

    /** Moves straight to a position (a preset call, a precise command) and stops there. */
    public synchronized void moveTo(double newPan, double newTilt, double newZoom) {
        settle();
        panRate = 0;
        tiltRate = 0;
        zoomRate = 0;
        pan = normalize(newPan);
        tilt = clamp(newTilt, MIN_TILT, MAX_TILT);
        zoom = clamp(newZoom, MIN_ZOOM, MAX_ZOOM);
    }

    public synchronized Position position() {
        settle();
        return new Position(pan, tilt, zoom, panRate != 0 || tiltRate != 0 || zoomRate != 0);
    }

    /** The hex of the last PTZCmd this channel took. */
    public synchronized String lastCommand() {
        return lastCommand;
    }

    private void settle() {
        long now = System.nanoTime();
        double seconds = (now - since) / 1e9;
        since = now;
        pan = normalize(pan + panRate * seconds);
        tilt = clamp(tilt + tiltRate * seconds, MIN_TILT, MAX_TILT);
        zoom = clamp(zoom + zoomRate * seconds, MIN_ZOOM, MAX_ZOOM);
    }

    private static double normalize(double degrees) {
        double d = degrees % 360;
        return d < 0 ? d + 360 : d;
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
