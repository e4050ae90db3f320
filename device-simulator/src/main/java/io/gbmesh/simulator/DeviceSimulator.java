package io.gbmesh.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A fleet of simulated devices started together. */
public final class DeviceSimulator {
    private final List<SimulatedDevice> devices;

    private DeviceSimulator(List<SimulatedDevice> devices) {
        this.devices = Collections.unmodifiableList(devices);
    }

    /** Starts every device; completes when all have registered (or fails with the first failure). */
    public static Future<DeviceSimulator> start(Vertx vertx, SimulatorConfig config) {
        List<SimulatedDevice> devices = new ArrayList<>();
        List<Future<Void>> started = new ArrayList<>();
        for (int i = 0; i < config.count(); i++) {
            SimulatedDevice d = new SimulatedDevice(vertx, config, i);
            devices.add(d);
            started.add(d.start());
        }
        return Future.all(started).map(v -> new DeviceSimulator(devices));
    }

    /**
     * One device of the fleet {@code config} describes (the {@code index}-th ID), not started: a test
     * can set its behaviour ({@link SimulatedDevice#ignoreRedirects}) before {@link SimulatedDevice#start()}.
     */
    public static SimulatedDevice device(Vertx vertx, SimulatorConfig config, int index) {
        return new SimulatedDevice(vertx, config, index);
    }

    public List<SimulatedDevice> devices() {
        return devices;
    }

    public SimulatedDevice device(int index) {
        return devices.get(index);
    }

    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        for (SimulatedDevice d : devices) {
            closing.add(d.close());
        }
        return Future.join(closing).mapEmpty();
    }
}
