"""The map section of the assessment: boundaries (official API or upload), colours, markers.

The map never reruns the page on pan or zoom: only a click is returned, and it is used to
place the initiative being located.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from components import leaflet_map, session, widgets
from components.formatting import date as fmt_date
from components.formatting import number
from components.i18n import lang, say_problem, tr
from components.keys import Key
from components.map_data import map_json
from components.map_style import Marker
from components.text import md_escape
from components.widgets import choose_one, lazy_expander
from domain.geo import BoundaryResult, Member, densities, read_boundaries
from domain.geo_api import API_SOURCE, boundary_url, fetch_boundaries
from domain.model import Strategy

GEO_UPLOAD_LIMIT_MB = 30
MAP_HEIGHT = 520


def _measures(doc: Strategy, current: str) -> dict[str, tuple[str, dict[str, float], int]]:
    """What the communes can be coloured by: key -> (label, code -> value, number format)."""
    terr = doc.territory
    populations = {m.code: m.population for m in terr.members}
    out = {
        "population": (
            tr("map.population", in_lang=current),
            {c: float(p) for c, p in populations.items() if p is not None},
            0,
        ),
        "density": (tr("map.density", in_lang=current), densities(terr.boundary, populations), 1),
    }
    for ind in doc.assessment.indicators:
        if ind.per_commune:
            unit = f" ({ind.unit})" if ind.unit else ""
            out[ind.id] = (ind.name + unit, dict(ind.per_commune), 2)
    return out


def _store_boundary(doc: Strategy, result: BoundaryResult, source: str) -> None:
    if result.problems or result.collection is None:
        for problem in result.problems:
            st.error(say_problem(problem))
        return
    notes = []
    if result.unmatched:
        names = ", ".join(result.unmatched[:8])
        if len(result.unmatched) > 8:
            names += " " + tr("map.and_more", count=len(result.unmatched) - 8)
        notes.append(tr("map.unmatched", count=len(result.unmatched), names=md_escape(names)))
    if result.duplicates:
        notes.append(tr("map.duplicates", names=md_escape(", ".join(sorted(set(result.duplicates))[:8]))))
    if notes:
        st.session_state[Key.FLASH_MAP] = "\n\n".join(notes)
    terr = doc.territory
    area = next(
        (f["properties"]["area_km2"] for f in result.collection["features"] if f["properties"].get("level")), None
    )
    if area is None and len(result.collection["features"]) == 1:
        area = result.collection["features"][0]["properties"]["area_km2"]
    updated = terr.model_copy(
        update={
            "boundary": result.collection,
            "boundary_source": source,
            "boundary_date": dt.date.today(),
            "area_km2": terr.area_km2 or area,
        }
    )
    session.save_at("territory", updated, "territory:boundary")


def _boundary_tools(doc: Strategy) -> None:
    terr = doc.territory
    members = [Member(m.code, m.name) for m in terr.members]
    c1, c2 = st.columns(2)
    with c1:
        url = boundary_url(terr.kind, terr.code)
        if url is None:
            st.caption(tr("map.no_route"))
        elif st.button(tr("map.fetch"), icon=":material/cloud_download:"):
            with st.spinner(tr("map.fetching")):
                result = fetch_boundaries(terr.kind, terr.code, members)
            _store_boundary(doc, result, API_SOURCE)
    with c2:
        upload = widgets.upload(
            st,
            tr("map.upload"),
            ["geojson", "json"],
            GEO_UPLOAD_LIMIT_MB,
            key="geojson_upload",
            help=tr("map.upload_help"),
        )
        if upload is not None and st.button(tr("map.upload_do"), icon=":material/upload:"):
            if upload.size > GEO_UPLOAD_LIMIT_MB * 1_048_576:
                st.error(tr("problem.geo.too_large", limit_mb=GEO_UPLOAD_LIMIT_MB))
            else:
                result = read_boundaries(
                    upload.getvalue(), members, territory_code=terr.code, max_bytes=GEO_UPLOAD_LIMIT_MB * 1_048_576
                )
                _store_boundary(doc, result, tr("map.source_upload", name=upload.name))


def _map_options(doc: Strategy, measure: str, current: str) -> dict[str, Any]:
    """What the map shows, in the language `current`: the same for the drawn and the clicked map."""
    label, values, digits = _measures(doc, current)[measure]
    markers = [
        Marker(i.lat, i.lon, i.name, "initiative", i.owner)
        for i in doc.assessment.initiatives
        if i.lat is not None and i.lon is not None
    ] + [Marker(a.lat, a.lon, a.label, "action") for a in doc.actions if a.lat is not None and a.lon is not None]
    return {
        "values": values,
        "value_label": label,
        "value_format": lambda v: number(v, current, digits),
        "markers": markers,
        "no_data_label": tr("map.no_data", in_lang=current),
        "populations": {m.code: m.population for m in doc.territory.members if m.population is not None},
    }


@st.cache_data(max_entries=16, show_spinner=False)
def _map_json(_doc: Strategy, measure: str, current: str, projected: bool, *, key: tuple[str, int]) -> str:
    return map_json(_doc.territory.boundary, projected=projected, **_map_options(_doc, measure, current))


def draw_map(doc: Strategy, measure: str, current: str, *, height: int = MAP_HEIGHT, projected: bool = False) -> None:
    """The territory coloured by `measure`, drawn in the page; its data made once per revision
    (and for the projector, its own)."""
    data = _map_json(doc, measure, current, projected, key=(doc.id, doc.revision))
    leaflet_map.draw(data, height=height, alt_text=tr("map.title", in_lang=current))


def render_map_section(doc: Strategy) -> None:
    terr = doc.territory
    flash = st.session_state.pop(Key.FLASH_MAP, None)
    if flash:
        st.warning(flash)
    if not terr.boundary:
        st.info(tr("map.no_boundary"))
        _boundary_tools(doc)
        return
    measures = _measures(doc, lang())
    c1, c2 = st.columns(2)
    # The choice outlives the page (a keyed choice is kept for the session: `widgets.choose_one`).
    options = list(measures)
    chosen = choose_one(
        c1, tr("map.colour_by"), options, format_func={k: measures[k][0] for k in options}.get, key=Key.MAP_MEASURE
    )
    located = {i.id: i.name for i in doc.assessment.initiatives}
    target = choose_one(
        c2,
        tr("map.place"),
        [None, *located],
        format_func=lambda k: tr("map.place_none") if k is None else located[k],
        key="map_target",
    )
    if target is None:
        # Nothing to place: the map drawn in the page, from data made once per revision; the
        # clickable component (a page of its own, made anew each time) is only used to click.
        draw_map(doc, chosen, lang())
    else:
        # Imported here: folium and streamlit-folium take ~350 ms to import, paid only to click.
        from streamlit_folium import st_folium

        from components.maps import build_territory_map

        st.caption(tr("map.click_to_place", name=md_escape(located[target])))
        clicked = st_folium(
            build_territory_map(doc.territory.boundary, height=MAP_HEIGHT, **_map_options(doc, chosen, lang())),
            key="territory_map",
            height=MAP_HEIGHT,
            width=None,
            use_container_width=True,
            returned_objects=["last_clicked"],
        )
        _place_on_click(doc, target, (clicked or {}).get("last_clicked"))
    st.caption(
        tr("map.source", source=md_escape(terr.boundary_source) or "—", date=fmt_date(terr.boundary_date, lang()))
    )
    replace_box = lazy_expander(tr("map.replace"), Key.BOUNDARY_TOOLS_BOX)
    if not replace_box.open:
        return
    with replace_box:
        _boundary_tools(doc)
        if st.button(tr("map.remove"), icon=":material/delete:"):
            session.save_at(
                "territory",
                terr.model_copy(update={"boundary": None, "boundary_source": "", "boundary_date": None}),
                "territory:boundary",
            )


def _place_on_click(doc: Strategy, target: str | None, click: dict[str, float] | None) -> None:
    if not click:
        return
    point = (round(click["lat"], 5), round(click["lng"], 5))
    # The component keeps returning its last click: act on each click once only.
    if st.session_state.get(Key.MAP_LAST_CLICK) == point:
        return
    st.session_state[Key.MAP_LAST_CLICK] = point
    if target is None:
        return
    initiatives = [
        i.model_copy(update={"lat": point[0], "lon": point[1]}) if i.id == target else i
        for i in doc.assessment.initiatives
    ]
    session.save_at("assessment.initiatives", initiatives, "initiative:located")
