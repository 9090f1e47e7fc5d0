"""The live benchmark's websocket clients, in processes of their own (bench_live.py starts them), so that
parsing 500 streams is spread over cores and the clients are not what the benchmark measures (orjson for
the same reason).

Each process connects its share of clients, says "ready", and once told how many records were sent, waits
until each client has them (or 15 s), then sends back latencies, counts and its own CPU seconds.
"""
import asyncio
import resource
import sys
import time

import orjson
import websockets


class Watcher:
    """One websocket client: counts, latencies (ms), drops; acknowledges every messages frame like the page."""

    def __init__(self):
        self.latencies, self.received, self.dropped, self.ready = [], 0, 0, asyncio.Event()

    async def run(self, url, cookie, stop):
        # The page's own origin (scheme, host and port), as a browser sends it.
        origin = url.replace("ws://", "http://").split("/ws/")[0]
        async with websockets.connect(url, origin=origin, max_size=None,
                                      additional_headers=[("Cookie", f"sessionid={cookie}")]) as ws:
            while not stop.is_set():
                try:
                    raw = await asyncio.wait_for(ws.recv(), 0.5)
                except asyncio.TimeoutError:
                    continue
                now = time.time()
                frame = orjson.loads(raw)
                if frame["type"] == "start":
                    self.ready.set()
                elif frame["type"] == "messages":
                    await ws.send('{"type":"ack"}')
                    self.received += len(frame["messages"])
                    self.latencies.extend((now - orjson.loads(m["value"])["t"]) * 1000 for m in frame["messages"])
                elif frame["type"] == "dropped":
                    self.dropped += frame["count"]
                elif frame["type"] == "error":
                    print(f"a client was refused: {frame['detail']}", file=sys.stderr, flush=True)


async def _watch(pipe, url, cookie, clients):
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    watchers = [Watcher() for _ in range(clients)]
    tasks = []
    for watcher in watchers:  # connected in waves so the handshakes do not time out
        tasks.append(asyncio.create_task(watcher.run(url, cookie, stop)))
        if len(tasks) % 50 == 0:
            await asyncio.sleep(0.2)
    await asyncio.wait_for(asyncio.gather(*(w.ready.wait() for w in watchers)), 120)
    pipe.send("ready")
    sent = await loop.run_in_executor(None, pipe.recv)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(w.received + w.dropped < sent for w in watchers):
        await asyncio.sleep(0.2)
    stop.set()
    failed = [r for r in await asyncio.gather(*tasks, return_exceptions=True) if isinstance(r, BaseException)]
    return watchers, failed


def run_clients(pipe, url, cookie, clients):
    watchers, failed = asyncio.run(_watch(pipe, url, cookie, clients))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    pipe.send({"latencies": [x for w in watchers for x in w.latencies],
               "received": sum(w.received for w in watchers), "dropped": sum(w.dropped for w in watchers),
               "failed": [repr(error) for error in failed], "cpu_s": usage.ru_utime + usage.ru_stime})
