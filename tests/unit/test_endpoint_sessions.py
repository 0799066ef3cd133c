"""Rasa's calls to an endpoint reuse one kept-alive connection, with the endpoint's headers and basic auth, and a
server that went away is reported as before. Against a real HTTP server on loopback."""
import asyncio
import json

import aiohttp
import numpy as np
import pytest
from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

from bot.cli.servers import free_port
from bot.rasa_ext.patches import endpoint_sessions


@pytest.fixture()
async def server():
    """An HTTP server that answers every POST with what it saw, and counts the TCP connections it accepted."""
    seen = {"connections": set(), "requests": []}

    async def answer(request):
        seen["connections"].add(request.transport.get_extra_info("peername"))
        seen["requests"].append({"auth": request.headers.get("Authorization"), "x": request.headers.get("X-Test")})
        return web.json_response({"ok": await request.json()})

    app = web.Application()
    app.router.add_post("/webhook", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"http://127.0.0.1:{port}", seen, runner
    await endpoint_sessions.close_sessions()
    await runner.cleanup()


async def test_calls_reuse_one_connection_with_the_endpoints_headers_and_auth(server):
    url, seen, _ = server
    endpoint_sessions.apply()
    endpoint = EndpointConfig(url=f"{url}/webhook", headers={"X-Test": "yes"},
                              basic_auth={"username": "rasa", "password": "secret"})
    answers = [await endpoint.request(json={"n": n}, method="post") for n in range(5)]
    assert answers == [{"ok": {"n": n}} for n in range(5)]
    assert len(seen["connections"]) == 1  # Rasa's own session() opened a connection per call
    expected_auth = aiohttp.BasicAuth("rasa", "secret").encode()
    assert seen["requests"] == [{"auth": expected_auth, "x": "yes"}] * 5
    other = EndpointConfig(url=f"{url}/webhook")  # another configuration gets its own session: no auth header
    await other.request(json={"n": 9}, method="post")
    assert seen["requests"][-1] == {"auth": None, "x": None}


async def test_a_server_that_went_away_is_reported_as_before(server):
    url, seen, runner = server
    endpoint_sessions.apply()
    endpoint = EndpointConfig(url=f"{url}/webhook")
    assert await endpoint.request(json={}, method="post") == {"ok": {}}
    await runner.cleanup()  # the server stops; its kept connection is closed
    await asyncio.sleep(0.05)
    with pytest.raises(aiohttp.ClientError):
        await endpoint.request(json={}, method="post")


async def test_bodies_arrive_as_the_standard_library_would_send_them(server):
    """ujson writes the bodies; what the server reads is what json.dumps would have sent, also for values ujson
    refuses (numpy numbers, NaN), which go through json.dumps."""
    url, _, _ = server
    endpoint_sessions.apply()
    endpoint = EndpointConfig(url=f"{url}/webhook")
    bodies = [
        {"text": "één cursus / 'avond' \"quote\" \u2028 \U0001F600 عربى", "n": [0, -1, 2 ** 53, 0.1, 1e-7, 1.5e300],
         "flags": [True, False, None], "nested": {"a": [{"b": []}], "": {}}},
        {"confidence": np.float64(0.25), "values": [np.float64(1e-9)]},
    ]
    for body in bodies:
        assert await endpoint.request(json=body, method="post") == {"ok": json.loads(json.dumps(body))}
    assert endpoint_sessions.dumps(float("nan")) == json.dumps(float("nan")) == "NaN"
    with pytest.raises(TypeError):
        endpoint_sessions.dumps({"bytes": b"x"})
