"""Every name the app keeps in a browser session, and every page's script, in one place.

A session key written twice as a bare string drifts (a typo is a new, empty key, and nothing
says so); the screens and components name them here. Widget keys that hold a choice the app
reads elsewhere (the language, presentation mode, the slide) are session keys too.
"""

from __future__ import annotations

from typing import ClassVar


class Key:
    """Names in `st.session_state`."""

    LANG = "lang"  # the user's language (the sidebar's switch)
    LANG_BEFORE = "lang_before"  # the language in use, for a click that unselects it
    PRESENTING = "presenting"  # presentation mode (the sidebar's switch)
    PREFERENCES_RESTORED = "preferences_restored"  # once per browser session
    SLIDE = "slide"  # the presentation's slide
    SLIDE_AXIS = "slide_axis"  # the axis whose actions the timeline slide shows (a large plan)
    DOC = "doc"  # the strategy in use, as last loaded or saved
    SID = "sid"  # its id, as in the address
    SAVE_STATUS = "save_status"  # the last save's outcome, for the sidebar
    CONFLICT = "conflict"  # a change that could not be saved, kept to be downloaded
    CLASHES = "clashes"  # fields two people changed at once, to be chosen between
    CLASHES_SHOWN = "clashes_shown"  # indexes of the clashes already shown in this run
    NOTICES = "notices"  # messages for the next run (after a save, a restore…)
    UNREADABLE = "unreadable"  # a strategy whose latest revision does not load
    MISSING_STRATEGY = "missing_strategy"  # an address naming no strategy
    FLASH = "flash"  # a message for the home page
    FLASH_MAP = "flash_map"  # a message for the map
    MAP_LAST_CLICK = "map_last_click"  # the map click already used to place an initiative
    OPEN_ACTION = "open_action"  # the action sheet open on the action plan
    ROLE_CACHE = "role_cache"  # this person's role on the strategies, read once per revision
    DERIVED = "derived"  # what was computed from the strategy in use (findings…), with it
    BROWSER_SESSION = "browser_session"  # this browser's id for presence
    USER = "signed_in_user"  # set by the sign-in only: no widget has this key
    READ_ONLY_VIEW = "read_only_link"  # the read-only link this session was opened with
    READ_ONLY_STRATEGY = "read_only_strategy"  # the strategy that link opens
    PAGE_NOT_FOUND = "page_not_found"  # an address that named no page
    WORKSHOP_SESSION = "ws_session"  # the workshop chosen on the facilitator's page
    ACTION_DETAIL = "action_detail"  # the action whose sheet is shown
    MAP_MEASURE = "map_measure"  # the map's "colour by" widget
    # Folded boxes built only while open (`widgets.lazy_expander`): their open state.
    TERRITORY_FORM_BOX = "territory_form_box"  # step 1: the territory's own fields
    BOUNDARY_TOOLS_BOX = "boundary_tools_box"  # step 1: replace or remove the contours
    GUIDANCE_BOX = "guidance_box"  # each step's "what the method says" (a key per step: `.1`…)
    FINDINGS_BOX = "findings_box"  # each step's findings to fix (a key per step)
    BOXES_AS_LABELLED = "boxes_as_labelled"  # each folded box: (its label, opened when so labelled)
    PRIMER = "primer"  # the container of the element kinds drawn once out of sight (`primer`)
    PRIMED = "primed"  # they have been drawn for this browser session


class Page:
    """The pages' scripts (for st.Page, st.switch_page and st.page_link)."""

    HOME = "views/home.py"
    ASSESSMENT = "views/assessment.py"
    ISSUES = "views/issues.py"
    AXES = "views/axes.py"
    ACTIONS = "views/actions.py"
    PARTNERSHIPS = "views/partnerships.py"
    MONITORING = "views/monitoring.py"
    GOVERNANCE = "views/governance.py"
    EXPORT = "views/export.py"
    WORKSHOP = "views/workshop.py"
    PRESENT = "views/present.py"
    PARTICIPATE = "views/participate.py"
    # The page of each step of the method.
    OF_STEP: ClassVar[dict[int, str]] = {
        1: ASSESSMENT,
        2: ISSUES,
        3: AXES,
        4: ACTIONS,
        5: PARTNERSHIPS,
        6: MONITORING,
    }
