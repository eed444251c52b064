"""Two app replicas on one PostgreSQL behind nginx (TLS, sticky sessions), all on loopback and
configured by the files of deploy/: people and phones on different replicas, and a replica
lost in the middle of a workshop."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from components.session import seed_samples
from deploy.loopback import ROUTE_COOKIE, Cluster, fresh_database, nginx_binary
from domain.storage import Store, WorkshopStore
from i18n import t
from tests.browser.test_journeys import _save_properties, _sign_in, wait_idle
from tests.conftest import IN_CI

pytestmark = pytest.mark.browser
FR = "fr"
SAMPLE = "sample-fougeres"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    server_url = os.environ.get("TEST_POSTGRES_URL")
    missing = [name for name, there in (("PostgreSQL", server_url), ("nginx", nginx_binary())) if not there]
    if missing:
        if IN_CI:
            pytest.fail(f"CI must run the replica tests: {', '.join(missing)} missing")
        pytest.skip(f"{', '.join(missing)} not available")
    import oidc_provider_mock

    people = [
        oidc_provider_mock.User(sub=sub, claims={"email": f"{sub}@agglo.fr", "name": sub.title()})
        for sub in ("anne", "bruno")
    ]
    with oidc_provider_mock.run_server_in_thread(user_claims=people) as provider, fresh_database(server_url) as db:  # type: ignore[arg-type]
        secrets = (
            "[auth]\n"
            'redirect_uri = "{url}/oauth2callback"\n'
            'cookie_secret = "a-test-secret-shared-by-every-replica-0123456789"\n'
            'client_id = "strategie"\nclient_secret = "secret"\n'
            f'server_metadata_url = "http://127.0.0.1:{provider.server_port}/.well-known/openid-configuration"\n'
        )
        store = Store(db)
        seed_samples(store)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with store.engine.begin() as conn:
            store.members.add_owner(conn, SAMPLE, "anne@agglo.fr", now)
        store.members.set(SAMPLE, "bruno@agglo.fr", "editor", by="anne@agglo.fr")
        running = Cluster(tmp_path_factory.mktemp("cluster"), db, secrets_text=secrets)
        running.start()
        try:
            yield running
        finally:
            running.stop()


@pytest.fixture
def visit(browser, cluster: Cluster) -> Iterator[Callable[..., Page]]:
    """A new browser on the replica of `route` (its sticky cookie set), signed in as `who`."""
    routes = cluster.routes()
    contexts = []

    def make(route: int, who: str | None = None, phone: bool = False) -> Page:
        size = {"width": 390, "height": 844} if phone else {"width": 1400, "height": 1000}
        context = browser.new_context(locale="fr-FR", viewport=size, ignore_https_errors=True)
        context.set_default_timeout(20_000)
        context.add_cookies([{"name": ROUTE_COOKIE, "value": routes[route], "url": cluster.url}])
        contexts.append(context)
        page = context.new_page()
        if who:
            _sign_in(page, cluster.url, who)
        return page

    yield make
    for context in contexts:
        context.close()


def test_the_proxy_redirects_to_https_limits_uploads_and_passes_the_health_check(cluster: Cluster):
    status, headers, body = cluster.get("/_stcore/health")
    # Answered by any replica, and the page asks before it opens its websocket: it moves no route.
    assert (status, body) == (200, b"ok") and ROUTE_COOKIE not in headers.get("Set-Cookie", "")
    status, headers, body = cluster.get("/")
    # A first visit is told the replica that answered.
    served = next(c.split(";")[0] for c in headers["Set-Cookie"].splitlines() if c.startswith(ROUTE_COOKIE))
    assert status == 200 and served in {f"{ROUTE_COOKIE}={route}" for route in cluster.routes()}
    script = re.search(rb'src="\./(static/[^"]+\.js)"', body)
    assert script, "the page names its script"
    for shared in ("/favicon.png", "/" + script[1].decode()):
        status, headers, _ = cluster.get(shared)  # without the cookie, as Chromium asks for the tab's icon
        assert status == 200 and ROUTE_COOKIE not in headers.get("Set-Cookie", "")  # nor moves the route
    assert "max-age" in headers["Strict-Transport-Security"]
    assert cluster.get("/_stcore/metrics")[0] == 404  # the replicas' internals are not public
    import http.client

    plain = http.client.HTTPConnection("127.0.0.1", cluster.http_port, timeout=5)
    plain.request("GET", "/?s=x")
    answer = plain.getresponse()
    assert answer.status == 301 and answer.getheader("Location", "").startswith("https://")
    secure = http.client.HTTPSConnection("127.0.0.1", cluster.https_port, timeout=10, context=_unchecked())
    secure.request("PUT", "/_stcore/upload_file/x/y", body=b"0" * (32 * 1024 * 1024))
    assert secure.getresponse().status == 413  # refused by the proxy, no replica reads it


def _unchecked():  # type: ignore[no-untyped-def]
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def test_two_people_on_two_replicas_edit_one_strategy_and_both_edits_are_kept(cluster: Cluster, visit):
    anne, bruno = visit(0, "anne"), visit(1, "bruno")
    anne.goto(f"{cluster.url}/?s={SAMPLE}")
    expect(anne.get_by_label(t("field.consultant", FR))).to_be_visible(timeout=30_000)
    bruno.goto(f"{cluster.url}/assessment?s={SAMPLE}")
    expect(bruno.get_by_text(t("assessment.edit_territory", FR))).to_be_visible(timeout=30_000)
    wait_idle(anne)
    wait_idle(bruno)  # both loaded the same revision, each on its own replica
    _save_properties(anne, consultant="Cabinet A")
    expect(anne.get_by_test_id("stToastText").filter(has_text="révision")).to_be_visible(timeout=10_000)
    bruno.get_by_text(t("assessment.edit_territory", FR)).click()
    bruno.get_by_label(t("field.notes", FR)).fill("Notes de Bruno")
    bruno.get_by_role("button", name=t("form.save", FR)).filter(visible=True).first.click()
    expect(bruno.get_by_test_id("stToastText").filter(has_text="révision")).to_be_visible(timeout=10_000)
    saved = Store(cluster.db_url).load(SAMPLE)
    assert (saved.authors.consultant, saved.territory.notes) == ("Cabinet A", "Notes de Bruno")
    anne.close()
    bruno.close()
    assert len(_websocket_replicas(cluster, expected=2)) == 2  # the two websockets went to the two replicas


def _websocket_replicas(cluster: Cluster, expected: int) -> set[str]:
    """The replicas that served a websocket. nginx writes a websocket's line when it closes, a
    moment after its page does, so the log is read until `expected` appear or 10 s pass."""
    deadline = time.monotonic() + 10
    while True:
        lines = (cluster.folder / "access.log").read_text(encoding="utf-8").splitlines()
        served = {line.split("replica=")[1].split()[0] for line in lines if "/_stcore/stream" in line}
        if len(served) >= expected or time.monotonic() > deadline:
            return served
        time.sleep(0.2)


def _vote(phone: Page, key: str) -> None:
    sliders = phone.get_by_role("slider")
    expect(sliders.first).to_be_visible(timeout=30_000)
    wait_idle(phone)
    for n in range(sliders.count()):
        sliders.nth(n).focus()
        sliders.nth(n).press(key)
    phone.get_by_role("button", name=t("participate.send", FR)).click()
    expect(phone.get_by_text(t("participate.saved", FR))).to_be_visible(timeout=20_000)


def _votes_within(workshops: WorkshopStore, session_id: str, expected: dict, seconds: float) -> dict:
    """Each participant's values once they are as expected, or as they are after `seconds` (the
    phone's "saved" may still be on screen from its earlier vote while the new one is stored)."""
    deadline = time.monotonic() + seconds
    while True:
        names = {p.id: p.name for p in workshops.participants(session_id)}
        found: dict[str, set[float]] = {}
        for ballot in workshops.ballots(session_id):
            found.setdefault(names[ballot.participant], set()).add(ballot.value)
        if found == expected or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def _voters(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("stMetric").filter(has_text=t("workshop.voters", FR))


def test_a_workshop_across_replicas_loses_no_ballot_when_one_replica_dies(cluster: Cluster, visit):
    facilitator = visit(0, "anne")
    facilitator.goto(f"{cluster.url}/workshop?s={SAMPLE}")
    facilitator.get_by_role("button", name=t("workshop.open", FR)).click()
    expect(facilitator.get_by_text(re.compile(f"{t('workshop.code', FR)} :"))).to_be_visible(timeout=20_000)
    store = Store(cluster.db_url)
    workshops = WorkshopStore(store.engine)
    (live,) = workshops.of_strategy(SAMPLE)
    watcher = visit(1, "bruno")  # a second facilitator's screen, on the other replica
    watcher.goto(f"{cluster.url}/workshop?s={SAMPLE}")

    phones = []
    for n in range(4):  # spread over both replicas
        phone = visit(n % 2, phone=True)
        phone.goto(f"{cluster.url}/?join={live.code}")
        phone.get_by_label(t("participate.name", FR)).fill(f"Participant {n}")
        phone.get_by_role("button", name=t("participate.join", FR)).click()
        _vote(phone, "End")
        phones.append(phone)
    # every vote on both facilitators' screens within one refresh (every 2 s) and its drawing
    for screen in (facilitator, watcher):
        expect(_voters(screen)).to_contain_text("4", timeout=4_000)

    cluster.replicas[1].kill()  # phones 1 and 3 and the second screen lose their replica
    try:
        for phone in phones[1::2]:
            # the page reconnects through the proxy to the other replica at once (Streamlit
            # keeps the page as it is); the next vote runs there, from the phone's address
            phone.wait_for_timeout(1_000)
            wait_idle(phone)
            _vote(phone, "Home")  # a change of mind
        for phone in phones[1::2]:  # their cookie now names the replica that took over
            cookie = next(c for c in phone.context.cookies() if c["name"] == ROUTE_COOKIE)
            assert cookie["value"] == f"127.0.0.1:{cluster.replicas[0].port}"
        expected = {"Participant 0": {5}, "Participant 1": {1}, "Participant 2": {5}, "Participant 3": {1}}
        assert _votes_within(workshops, live.id, expected, seconds=10) == expected  # none lost
        assert len(workshops.participants(live.id)) == 4  # nobody joined twice after the reconnection
        for screen in (facilitator, watcher):  # the second screen too, now on the first replica
            expect(_voters(screen)).to_contain_text("4", timeout=4_000)
    finally:
        cluster.replicas[1].start()
        cluster.replicas[1].wait_healthy()


def test_an_edit_typed_while_its_replica_dies_is_saved_by_the_other_one(cluster: Cluster, visit):
    anne = visit(1, "anne")
    anne.goto(f"{cluster.url}/assessment?s={SAMPLE}")
    anne.get_by_text(t("assessment.edit_territory", FR)).click()
    anne.get_by_label(t("field.notes", FR)).fill("Écrit pendant la panne")
    cluster.replicas[1].kill()
    try:
        anne.wait_for_timeout(1_000)
        wait_idle(anne)  # reconnected through the proxy to the other replica, signed in there too
        anne.get_by_role("button", name=t("form.save", FR)).filter(visible=True).first.click()
        expect(anne.get_by_test_id("stToastText").filter(has_text="révision")).to_be_visible(timeout=10_000)
        assert Store(cluster.db_url).load(SAMPLE).territory.notes == "Écrit pendant la panne"
    finally:
        cluster.replicas[1].start()
        cluster.replicas[1].wait_healthy()
