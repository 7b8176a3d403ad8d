"""The user's own ``[terms]``: validated with the key named, carried to the detectors, never echoed.

A user knows words no shipped pack can: the nickname of the estate on their patch, the local
name for their team, their own slang for being "at work". ``[terms]`` adds them to the packs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.analysis import PostAnalyser
from auditor.checking import AuditContext
from auditor.config import TERM_LABELS, ProfileConfig, UserTerms
from auditor.detectors.conduct import ConductDetector
from auditor.detectors.confidentiality import ConfidentialityDetector
from auditor.engine import audit_snapshots, build_context
from auditor.errors import ConfigError
from auditor.loading import load_config
from tests.conftest import FIXED_NOW, get_check, make_snapshot

# Terms no shipped pack has, so a detection can only come from the user's table.
CONTEXT_TERM = "wearing my caseworker hat"
PLACE_TERM = "down the brack"  # a local nickname: no capitals for the place patterns to see
TARGET_TERM = "the Thursday panel"
CONTEMPT_TERM = "total wazzocks"


def write_config(tmp_path: Path, terms: str) -> Path:
    path = tmp_path / "auditor.toml"
    path.write_text('[profile]\nrole = "social_worker"\njurisdiction = "uk"\n\n[terms]\n' + terms, encoding="utf-8")
    return path


def test_terms_table_is_read_and_keyed_by_detector_label(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, f'work_context = ["{CONTEXT_TERM}"]\nplaces = [" {PLACE_TERM} "]\n'))
    assert config.terms.by_label() == {"WORK_CONTEXT": (CONTEXT_TERM,), "PLACE": (PLACE_TERM,)}
    assert load_config(write_config(tmp_path, "")).terms.by_label() == {}


def test_every_terms_key_is_documented_in_the_example_config() -> None:
    example = (Path(__file__).resolve().parents[2] / "config.example.toml").read_text(encoding="utf-8")
    for key in TERM_LABELS:
        assert f"# {key} " in example, key


@pytest.mark.parametrize(
    ("body", "key", "problem"),
    [
        ('places = "Brackenmoor"\n', "terms.places", "must be a list of strings"),
        ("conditions = [3]\n", "terms.conditions", "non-empty strings"),
        ('contempt = ["  "]\n', "terms.contempt", "non-empty strings"),
        ('targets = ["x"]\n', "terms.targets", "too short"),
        ('placez = ["Brackenmoor"]\n', "terms.placez", "not a known key"),
    ],
)
def test_a_bad_terms_entry_names_its_key(tmp_path: Path, body: str, key: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write_config(tmp_path, body))
    assert f"'{key}'" in str(caught.value) and problem in str(caught.value)


def test_a_too_short_term_is_not_repeated_in_the_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write_config(tmp_path, 'places = ["Brackenmoor", "Q!"]\n'))
    assert "entry 2" in str(caught.value) and "Q!" not in str(caught.value)


def test_terms_table_must_be_a_table(tmp_path: Path) -> None:
    path = tmp_path / "auditor.toml"
    path.write_text('terms = ["Brackenmoor"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'terms' must be a table"):
        load_config(path)


def test_a_user_work_context_term_turns_a_post_into_a_case_detail() -> None:
    post = f"{CONTEXT_TERM} again today: little J (6) showed me his drawing"
    assert ConfidentialityDetector("social_worker", "uk").assess(post) is None
    found = ConfidentialityDetector("social_worker", "uk", extra_terms={"WORK_CONTEXT": (CONTEXT_TERM,)}).assess(post)
    assert found is not None and found.strong
    assert post[found.context[0][0]:found.context[0][1]].lower() == CONTEXT_TERM


def test_a_user_place_adds_a_kind_of_detail_and_raises_severity() -> None:
    post = f"Home visit this morning, little J (6) {PLACE_TERM} again"
    plain = ConfidentialityDetector("social_worker", "uk").assess(post)
    with_place = ConfidentialityDetector("social_worker", "uk", extra_terms={"PLACE": (PLACE_TERM,)}).assess(post)
    assert plain is not None and with_place is not None
    assert "PLACE" not in plain.kinds and "PLACE" in with_place.kinds
    assert (plain.severity, with_place.severity) == ("high", "critical")


def test_user_conduct_terms_are_used_and_other_labels_are_ignored() -> None:
    post = f"{TARGET_TERM} are {CONTEMPT_TERM}"
    assert ConductDetector("social_worker", "uk").assess(post) == []
    hits = ConductDetector("social_worker", "uk", extra_terms={
        "TARGET": (TARGET_TERM,), "CONTEMPT": (CONTEMPT_TERM,), "PLACE": ("Brackenmoor",),
    }).assess(post)
    assert [h.kind for h in hits] == ["disparaging"]


def test_terms_flow_from_the_config_through_the_audit_context_to_the_checks(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, f'work_context = ["{CONTEXT_TERM}"]\ntargets = ["{TARGET_TERM}"]\n'
                                                f'contempt = ["{CONTEMPT_TERM}"]\nplaces = ["{PLACE_TERM}"]\n'))
    ctx = build_context(config)
    assert ctx.terms == config.terms and CONTEXT_TERM not in repr(ctx)
    posts = [f"{CONTEXT_TERM} today: little J (6) showed me his drawing", f"{TARGET_TERM} are {CONTEMPT_TERM}"]
    without = AuditContext(profile=ProfileConfig(role="social_worker", jurisdiction="uk"))
    # the user's words reach the rules, whose signals the scorer reads
    plain, own = PostAnalyser(without.profile), PostAnalyser(ctx.profile, extra_terms=ctx.terms.by_label())
    assert "ctx:WORK_CONTEXT" not in plain.signals(posts[0])[3] and "ctx:WORK_CONTEXT" in own.signals(posts[0])[3]
    assert "conduct:disparaging" not in plain.signals(posts[1])[3]
    assert "conduct:disparaging" in own.signals(posts[1])[3]
    for check_id in ("confidentiality.case_details", "conduct.disparaging_language"):
        checks = [get_check(check_id)]
        findings = audit_snapshots([make_snapshot(posts)], ctx, checks=checks, now=FIXED_NOW).findings
        assert len(findings) == 1, check_id
        # the report may quote the user's own post, but never a term from the table that the post does not contain
        assert PLACE_TERM.lower() not in repr(findings).lower()


def test_user_terms_object_hides_nothing_it_should_show() -> None:
    terms = UserTerms({"places": ("Brackenmoor",), "contempt": ()})
    assert terms and terms.by_label() == {"PLACE": ("Brackenmoor",)}
    assert not UserTerms({"places": ()})
