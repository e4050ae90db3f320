#!/usr/bin/env python3
"""Time from a live request to the first video frame at the viewer, median over N tries.

Starts the whole mesh in one JVM (the quick start jar) with one simulated camera, then N times:
POST /api/v1/devices/{d}/channels/{c}/live (answered at the first frame at the media node), GET the
HTTP-FLV URL and read until the first FLV video tag arrives (the viewer has a decodable key frame),
then DELETE the stream. The camera's first key frame is at the start of its capture, so the
figure is the platform's own latency. Results are printed and appended to bench/results/.

usage: python3 bench/first-frame.py [tries]   (default 20; needs mesh-launcher/target/gbmesh.jar)
"""
import json, os, re, shutil, statistics, subprocess, sys, tempfile, time, urllib.request

TRIES = int(sys.argv[1]) if len(sys.argv) > 1 else 20
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.environ.get("JAR", os.path.join(ROOT, "mesh-launcher/target/gbmesh.jar"))
HTTP, MEDIA, SIP, MQTT = 18480, 18481, 15480, 11480
data = tempfile.mkdtemp(prefix="gbmesh-bench-")
env = dict(os.environ, GB_DEMO_DEVICES="1", GB_HTTP_PORT=str(HTTP), GB_MEDIA_HTTP_PORT=str(MEDIA), GB_SIP_PORT=str(SIP),
           GB_MQTT_PORT=str(MQTT), GB_DATA_DIR=data, GB_CLUSTER_NAME="gbmesh-bench-ff", GB_CLUSTER_PORT="18701",
           GB_RTP_PORT_MIN="34000", GB_RTP_PORT_MAX="34199", GB_SIP_HOST="127.0.0.1", GB_MEDIA_HOST="127.0.0.1")
log = open(os.path.join(data, "mesh.log"), "w")
mesh = subprocess.Popen(["java", "-jar", JAR], env=env, stdout=log, stderr=subprocess.STDOUT)
try:
    token = None
    for _ in range(120):
        text = open(os.path.join(data, "mesh.log")).read()
        m = re.search(r"admin token (gbm_[A-Za-z0-9_-]+)", text)
        token = token or (m.group(1) if m else None)
        if "gbmesh is up" in text:
            break
        time.sleep(0.5)
    assert token, "no admin token printed"
    auth = {"Authorization": "Bearer " + token}

    def call(method, path):
        req = urllib.request.Request(f"http://127.0.0.1:{HTTP}{path}", method=method, headers=auth)
        with urllib.request.urlopen(req, timeout=30) as r:
            body = r.read()
            return json.loads(body) if body else None

    device = channel = None
    for _ in range(60):
        try:
            devices = call("GET", "/api/v1/devices")["items"]
            if devices:
                device = devices[0]["deviceId"]
                channels = call("GET", f"/api/v1/devices/{device}/channels")["items"]
                if channels:
                    channel = channels[0]["channelId"]
                    break
        except Exception:
            pass
        time.sleep(0.5)
    assert channel, "the simulated camera did not come online with a catalog"
    time.sleep(3)  # the media node's first load report

    def first_video_tag(url):
        with urllib.request.urlopen(url, timeout=10) as r:
            buf = r.read(13)  # FLV header (9) + PreviousTagSize0 (4)
            while True:
                head = r.read(11)
                if len(head) < 11:
                    raise RuntimeError("stream ended")
                size = int.from_bytes(head[1:4], "big")
                body = r.read(size + 4)
                if head[0] == 9 and body[0] >> 4 == 1 and body[1] == 1:  # video, key frame, AVC NALU
                    return

    samples, answered = [], []
    for i in range(TRIES):
        t0 = time.perf_counter()
        live = call("POST", f"/api/v1/devices/{device}/channels/{channel}/live?transport=udp")
        t1 = time.perf_counter()
        first_video_tag(live["urls"]["flv"])
        t2 = time.perf_counter()
        call("DELETE", f"/api/v1/streams/{live['streamId']}")
        answered.append((t1 - t0) * 1000)
        samples.append((t2 - t0) * 1000)
        time.sleep(0.3)
    line = (f"first frame at the viewer over {TRIES} tries: median {statistics.median(samples):.0f} ms, "
            f"min {min(samples):.0f}, max {max(samples):.0f} (live request answered: median {statistics.median(answered):.0f} ms)")
    print(line)
    print("samples (ms):", " ".join(f"{s:.0f}" for s in samples))
    os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench/results/first-frame.txt"), "a") as f:
        f.write(line + "\n")
finally:
    mesh.terminate()
    try:
        mesh.wait(30)
    except subprocess.TimeoutExpired:
        mesh.kill()
    shutil.rmtree(data, ignore_errors=True)
