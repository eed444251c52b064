"""French and English catalogs have the same keys, and every key the code uses exists."""

from __future__ import annotations

import re
import typing

import pytest

from domain import model
from domain.completeness import STEPS, step_checks
from domain.factory import DEFAULT_CRITERIA, new_strategy
from domain.problems import Problem
from domain.references import RULES
from i18n import LANGUAGES, catalog, problem_text
from tests.conftest import ROOT

CODE_FOLDERS = ("app.py", "cli.py", "views", "components", "domain", "i18n", "reports")
LITERAL_KEY = re.compile(r"""\btr?\(\s*["']([a-z0-9_.]+)["']""")
COLUMN_LABEL = re.compile(r"""Column\(\s*"[^"]+",\s*"([a-z0-9_.]+)\"""")
ENUMS = {  # catalog enumeration -> the model's Literal type
    "territory_kind": model.TerritoryKind,
    "swot": model.SwotQuadrant,
    "initiative_status": model.InitiativeStatus,
    "consultation_kind": model.ConsultationKind,
    "audience": model.Audience,
    "need_kind": model.NeedKind,
    "criterion_family": model.CriterionFamily,
    "participation": model.Participation,
    "action_status": model.ActionStatus,
    "priority": model.Priority,
    "funder_kind": model.FunderKind,
    "funding_kind": model.FundingKind,
    "moment_kind": model.MomentKind,
    "competence_domain": model.CompetenceDomain,
    "funding_status": model.FundingStatus,
    "stakeholder_kind": model.StakeholderKind,
    "partner_role": model.PartnerRole,
    "legal_structure": model.LegalStructure,
    "direction": model.Direction,
    "frequency": model.Frequency,
    "indicator_level": model.IndicatorLevel,
    "strategy_status": model.StrategyStatus,
    "effect_dimension": model.EffectDimension,
    "support_type": model.SupportType,
}


def test_every_displayed_enumeration_is_checked():
    """An enumeration shown through the catalog (`enum_label("x")` or a key `enum.x.…`) is in
    ENUMS, so that a new code in the model without its label fails here."""
    shown = re.compile(r"""enum_label\(\s*["']([a-z_]+)["']|["']enum\.([a-z_]+)\.""")
    used = {a or b for path in code_files() for a, b in shown.findall(path.read_text(encoding="utf-8"))}
    assert sorted(used - set(ENUMS)) == []


def code_files():
    for name in CODE_FOLDERS:
        path = ROOT / name
        yield from ([path] if path.is_file() else path.rglob("*.py"))


def test_same_keys_in_every_language():
    fr, en = catalog("fr"), catalog("en")
    assert sorted(set(fr) ^ set(en)) == []
    assert [k for k in fr if not fr[k].strip() or not en[k].strip()] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_same_placeholders_in_every_language(lang):
    fr, other = catalog("fr"), catalog(lang)
    fields = re.compile(r"\{(\w+)\}")
    assert [k for k in fr if set(fields.findall(fr[k])) != set(fields.findall(other[k]))] == []


def test_every_key_used_in_code_exists():
    used: set[str] = set()
    for path in code_files():
        text = path.read_text(encoding="utf-8")
        used |= set(LITERAL_KEY.findall(text)) | set(COLUMN_LABEL.findall(text))
    assert len(used) > 150
    assert sorted(used - set(catalog("fr"))) == []


def test_every_enumeration_value_has_a_label():
    keys = set(catalog("fr"))
    missing = [
        f"enum.{name}.{value}"
        for name, lit in ENUMS.items()
        for value in typing.get_args(lit)
        if f"enum.{name}.{value}" not in keys
    ]
    assert missing == []


def test_generated_keys_exist():
    keys = set(catalog("en"))
    doc = new_strategy("t")
    wanted = {f"check.{c.code}" for step in STEPS for c in step_checks(doc, step)}
    wanted |= {f"step.{s}.{part}" for s in STEPS for part in ("title", "short")} | {f"guidance.step{s}" for s in STEPS}
    wanted |= {f"criterion.{key}" for key, _, _ in DEFAULT_CRITERIA}
    wanted |= {f"problem.ref.unknown.{label}" for _, _, _, label, _ in RULES}
    wanted |= {f"problem.ref.unknown.{k}" for k in ("criterion", "stakeholder", "commune")}
    wanted |= {f"problem.ref.missing.{k}" for k in ("axis", "action")}
    assert sorted(wanted - keys) == []


def test_unknown_validation_errors_fall_back_to_a_sentence():
    text = problem_text(Problem("a.b", "schema.some_rare_error", {"msg": "Rare"}), "fr")
    assert text == "a.b: valeur invalide (Rare)"
