"""A participant's phone without a browser: Streamlit's own websocket protocol (the protobuf
messages its page exchanges with the server), so that hundreds of phones fit on one machine.

A phone opens `/_stcore/stream` through the proxy, asks for a run of `?join=CODE` as the page
does, reads the elements the run sends (the name field, the sliders, the form's button) and
answers with their values and the button's click, exactly as a browser would; each phone comes
from an address of its own on loopback (127.0.0.x), as phones on a network do.
"""

from __future__ import annotations

import asyncio
import random
import ssl
import time
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

SUCCESS = Alert.Format.Value("SUCCESS")
ERROR = Alert.Format.Value("ERROR")


@dataclass
class Run:
    """What one script run drew: the widgets by kind, and the success or error messages."""

    widgets: list[tuple[str, str, Any]] = field(default_factory=list)  # (kind, id, element)
    successes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Phone:
    def __init__(self, base_url: str, route: str, address: str) -> None:
        self.ws_url = base_url.replace("https://", "wss://") + "/_stcore/stream"
        self.route = route
        self.address = address
        self.query = ""
        self.page_hash = ""
        self.socket: Any = None

    async def open(self, query: str) -> Run:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the loopback proxy's certificate is self-signed
        self.socket = await connect(
            self.ws_url,
            ssl=context,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            additional_headers={"Cookie": f"strategie_replica={self.route}"},
            local_addr=(self.address, 0),
            max_size=None,
            open_timeout=30,
        )
        self.query = query
        return await self.run([])

    async def run(self, states: list[WidgetState]) -> Run:
        """A script run with these widget values; the run that ends the chain (a run that
        asks for another, as after joining, is followed to its end)."""
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_script_hash = self.page_hash
        message.rerun_script.widget_states.widgets.extend(states)
        await self.socket.send(message.SerializeToString())
        return await self._read_run()

    async def _read_run(self) -> Run:
        run = Run()
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(self.socket.recv(), timeout=60))
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = forward.new_session.page_script_hash
                run = Run()  # a new run of the script: what it draws replaces the last one
            elif kind == "page_info_changed":
                self.query = forward.page_info_changed.query_string
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                self._collect(forward.delta.new_element, run)
            elif kind == "script_finished" and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return run

    @staticmethod
    def _collect(element: Any, run: Run) -> None:
        kind = element.WhichOneof("type")
        if kind == "alert":
            (run.successes if element.alert.format == SUCCESS else run.errors).append(element.alert.body)
        elif kind in ("text_input", "slider", "button"):
            inner = getattr(element, kind)
            run.widgets.append((kind, inner.id, inner))

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


def typed(widget_id: str, text: str) -> WidgetState:
    return WidgetState(id=widget_id, string_value=text)


def clicked(widget_id: str) -> WidgetState:
    return WidgetState(id=widget_id, trigger_value=True)


def chosen(widget_id: str, option: str) -> WidgetState:
    """A select_slider's value: the option as its label writes it."""
    state = WidgetState(id=widget_id)
    state.string_array_value.data.append(option)
    return state


async def join_and_vote(phone: Phone, code: str, name: str, rng: random.Random, delay: float) -> dict[str, Any]:
    """Join, wait `delay`, send the whole grid, then change the first score (as people do).
    Returns the values the phone was told were saved last, in the page's order."""
    outcome: dict[str, Any] = {"name": name, "confirmed": 0, "errors": [], "last_vote_at": 0.0, "waits": []}
    run = await phone.open(f"join={code}")
    name_field = next(w for kind, w, _ in run.widgets if kind == "text_input")
    join_button = next(w for kind, w, _ in run.widgets if kind == "button")
    run = await phone.run([typed(name_field, name), clicked(join_button)])
    sliders = [w for kind, w, _ in run.widgets if kind == "slider"]
    send = next((w for kind, w, _ in run.widgets if kind == "button"), None)
    if not sliders or send is None:
        outcome["errors"].append(f"no voting form after joining: {run.errors}")
        return outcome
    scores = [rng.randint(1, 5) for _ in sliders]
    await asyncio.sleep(delay)
    for attempt, values in enumerate((scores, [6 - scores[0], *scores[1:]])):
        states = [chosen(w, str(v)) for w, v in zip(sliders, values, strict=True)]
        sent = time.perf_counter()
        run = await phone.run([*states, clicked(send)])
        outcome["waits"].append(time.perf_counter() - sent)
        if run.successes:
            outcome["confirmed"] += 1
            outcome["last_vote_at"] = time.perf_counter()
        else:
            outcome["errors"].extend(run.errors or ["no answer"])
        if attempt == 0:
            await asyncio.sleep(1.0)
    outcome["final"] = [6 - scores[0], *scores[1:]]
    return outcome
