package io.gbmesh.simulator;

import io.gbmesh.simulator.media.MediaOptions;
import io.gbmesh.sipstack.SipTransport;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Runs simulated devices from the command line until interrupted. */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("unexpected argument " + args[i]);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        SimulatorConfig base = SimulatorConfig.of(opts.getOrDefault("server", "127.0.0.1"), Integer.parseInt(opts.getOrDefault("port", "5060")));
        SimulatorConfig config = base
                .withTransport(opts.getOrDefault("transport", "udp").toLowerCase(Locale.ROOT).equals("tcp") ? SipTransport.TCP : SipTransport.UDP)
                .withCount(Integer.parseInt(opts.getOrDefault("count", "1")), opts.getOrDefault("prefix", base.idPrefix()),
                        Integer.parseInt(opts.getOrDefault("first", "1")))
                .withPassword(opts.getOrDefault("password", ""))
                .withTiming(Integer.parseInt(opts.getOrDefault("expires", "3600")), Integer.parseInt(opts.getOrDefault("keepalive", "60")), 3)
                .withChannels(Integer.parseInt(opts.getOrDefault("channels", "4")), 2, 0)
                .withMedia(MediaOptions.DEFAULT.withMediaFile(opts.get("media"))
                        .withInviteStatus(Integer.parseInt(opts.getOrDefault("invite-status", "200"))))
                .withEvents(EventOptions.DEFAULT
                        .withAlarmEvery(Long.parseLong(opts.getOrDefault("alarm-every", "0")))
                        .withSubscribeStatus(Integer.parseInt(opts.getOrDefault("subscribe-status", "200")))
                        .withMobile(Boolean.parseBoolean(opts.getOrDefault("mobile", "false"))));
        if (config.idPrefix().length() != 13 || !config.idPrefix().chars().allMatch(Character::isDigit)) {
            usage("--prefix must be 13 digits");
        }
        Vertx vertx = Vertx.vertx();
        DeviceSimulator.start(vertx, config).onComplete(ar -> {
            if (ar.succeeded()) {
                // --refuse / --fail: comma-separated control elements or query names (PTZCmd, GuardCmd, PresetQuery, ...)
                ar.result().devices().forEach(d -> {
                    names(opts.get("refuse")).forEach(c -> d.controls().refuse(c, "Not Implemented"));
                    names(opts.get("fail")).forEach(c -> d.controls().fail(c, "simulated failure"));
                    Recordings.Plan p = Recordings.Plan.DEFAULT;
                    d.recordings().plan(new Recordings.Plan(Integer.parseInt(opts.getOrDefault("record-days", "" + p.days())),
                            Integer.parseInt(opts.getOrDefault("record-file-s", "" + p.fileSeconds())),
                            Integer.parseInt(opts.getOrDefault("record-gap-s", "" + p.gapSeconds())), p.alarmEvery(),
                            p.pageSize(), p.lieSumNumBy(), p.reversePages(),
                            Boolean.parseBoolean(opts.getOrDefault("record-one-file-per-invite", "false"))));
                    // --talk-mode / --talk-dir: how a broadcast's audio is asked for and where it is written
                    d.talk().mode(io.gbmesh.simulator.talk.TalkMode.valueOf(opts.getOrDefault("talk-mode", "udp")
                            .toUpperCase(Locale.ROOT).replace('-', '_')));
                    if (opts.containsKey("talk-dir")) {
                        d.talk().outputDir(java.nio.file.Path.of(opts.get("talk-dir")));
                    }
                });
                System.out.println(config.count() + " simulated devices registered to " + config.serverHost() + ":" + config.serverPort()
                        + " over " + config.transport() + " (" + config.deviceId(0) + " ...)");
            } else {
                System.err.println("simulated devices failed to register: " + ar.cause().getMessage());
                vertx.close();
                System.exit(1);
            }
        });
    }

    private static java.util.List<String> names(String list) {
        return list == null || list.isBlank() ? java.util.List.of() : java.util.Arrays.asList(list.split(","));
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: SimulatorMain --server HOST --port PORT [--transport udp|tcp] [--count N] [--prefix 13DIGITS]"
                + " [--first SERIAL] [--password PW] [--expires S] [--keepalive S] [--channels N] [--media PS-FILE]"
                + " [--invite-status 200|488|...] [--refuse PTZCmd,GuardCmd,...] [--fail RecordCmd,...]"
                + " [--alarm-every MS] [--subscribe-status 200|403|...] [--mobile true]"
                + " [--record-days N] [--record-file-s S] [--record-gap-s S]"
                + " [--talk-mode udp|tcp-active|tcp-passive] [--talk-dir DIR]");
        System.exit(2);
    }
}
