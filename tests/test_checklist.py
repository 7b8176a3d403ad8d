"""The settings checklist: saved state, the assessment rules, the check's findings and the command."""

from __future__ import annotations

import json
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console

from auditor.checking import AuditContext
from auditor.checklist import UNSURE, assess, load_checklist
from auditor.cli import main
from auditor.commands.checklist import Target, apply_sets, interview, show
from auditor.config import ProfileConfig
from auditor.engine import build_context
from auditor.errors import UserError
from auditor.state import ChecklistAnswers, checklist_answers, load_state, record_answer, save_state, state_path
from tests.conftest import FIXED_NOW

FB = Target("facebook:hattie", "facebook", "personal")


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AUDITOR_STATE_DIR", str(tmp_path / "state"))
    return tmp_path / "state"


def _ctx(answers: dict[str, dict[str, tuple[str, datetime]]]) -> AuditContext:
    state: dict[str, object] = {}
    for account, items in answers.items():
        for item_id, (value, when) in items.items():
            record_answer(state, account, item_id, value, when)
    return AuditContext(profile=ProfileConfig(role="social_worker", jurisdiction="uk"),
                        checklist=ChecklistAnswers(checklist_answers(state), FIXED_NOW))


def test_the_shipped_checklist_covers_the_settings_the_issue_names() -> None:
    ids = {item.id for item in load_checklist().items}
    assert {"facebook.lookup_by_email", "facebook.lookup_by_phone", "facebook.search_engines", "facebook.tag_review",
            "facebook.friend_list", "instagram.private_account", "linkedin.public_profile",
            "linkedin.connections_visibility", "x.photo_tagging", "x.discoverable_by_email"} <= ids
    assert load_checklist().stale_after == timedelta(days=90)
    for item in load_checklist().items:
        names = {"x": "X", "facebook": "Facebook", "instagram": "Instagram", "linkedin": "LinkedIn"}
        assert item.where.startswith(names[item.platform] + ":"), item.id  # the menu path names its platform
        assert item.link.startswith("https://")


def test_state_is_owner_only_json_in_the_overridden_folder(state_dir: Path) -> None:
    state: dict[str, object] = {}
    record_answer(state, "facebook:hattie", "facebook.tag_review", "on", FIXED_NOW)
    path = save_state(state)
    assert path == state_dir / "state.json" == state_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(state_dir.stat().st_mode) == 0o700
    saved = json.loads(path.read_text())
    assert saved["checklist"]["facebook:hattie"]["facebook.tag_review"] == {
        "answer": "on", "answered_at": "2026-11-25T10:00:00Z"}
    assert checklist_answers(load_state())["facebook:hattie"]["facebook.tag_review"].answered_at == FIXED_NOW


def test_a_broken_state_file_is_a_clear_error(state_dir: Path) -> None:
    state_dir.mkdir()
    (state_dir / "state.json").write_text("{not json")
    with pytest.raises(UserError, match="delete the file and run `auditor checklist`"):
        load_state()


def test_assessment_rules() -> None:
    item = load_checklist().item("facebook.friend_list")
    assert item is not None
    stale = load_checklist().stale_after
    from auditor.state import Answer
    fresh, old = FIXED_NOW - timedelta(days=10), FIXED_NOW - timedelta(days=91)
    assert assess(item, None, "personal", FIXED_NOW, stale).verdict == "unanswered"
    assert assess(item, Answer(UNSURE, fresh), "personal", FIXED_NOW, stale).verdict == "unsure"
    assert assess(item, Answer("public", fresh), "personal", FIXED_NOW, stale).verdict == "risky"
    assert assess(item, Answer("friends", fresh), "personal", FIXED_NOW, stale).verdict == "ok"
    assert assess(item, Answer("friends", fresh), "anonymous", FIXED_NOW, stale).verdict == "risky"  # stance matters
    assert assess(item, Answer("only_me", old), "personal", FIXED_NOW, stale).verdict == "stale"
    assert assess(item, Answer("gone_option", fresh), "personal", FIXED_NOW, stale).verdict == "unanswered"


def test_engine_loads_the_saved_answers(state_dir: Path) -> None:
    state: dict[str, object] = {}
    record_answer(state, "x:FrontlineFern", "x.photo_tagging", "off", FIXED_NOW)
    save_state(state)
    from auditor.config import Config
    ctx = build_context(Config(path=None))
    assert ctx.checklist.for_account("x:FrontlineFern")["x.photo_tagging"].value == "off"
    assert ctx.checklist.as_of is not None


def test_interview_asks_only_open_items_and_saves_each_answer(state_dir: Path) -> None:
    replies = iter(["3", "", "9", "2", "1", "4"])  # friends, skip, invalid then "no", on, not sure
    console = Console(record=True, width=120)
    asked = interview([FB], lambda prompt: next(replies), console, now=FIXED_NOW)
    assert asked == 4
    saved = checklist_answers(load_state())["facebook:hattie"]
    assert {k: v.value for k, v in saved.items()} == {
        "facebook.lookup_by_email": "friends", "facebook.search_engines": "no",
        "facebook.tag_review": "on", "facebook.friend_list": UNSURE}
    assert "Please type a number from 1 to 3" in console.export_text()
    # Asked once: a second run asks only the skipped and the "not sure" items.
    prompts: list[str] = []
    interview([FB], lambda p: prompts.append(p) or "", Console(record=True), now=FIXED_NOW + timedelta(days=1))
    assert len(prompts) == 2
    # ...and after 90 days everything answered comes round again.
    prompts.clear()
    interview([FB], lambda p: prompts.append(p) or "", Console(record=True), now=FIXED_NOW + timedelta(days=91))
    assert len(prompts) == 5


def test_interview_stops_cleanly_at_end_of_input(state_dir: Path) -> None:
    def eof(prompt: str) -> str:
        raise EOFError
    assert interview([FB], eof, Console(record=True), now=FIXED_NOW) == 0


def test_set_records_answers_for_scripts_and_rejects_bad_ones(state_dir: Path) -> None:
    apply_sets([FB], ["facebook.tag_review=on", "facebook.friend_list=only_me"], FIXED_NOW)
    assert checklist_answers(load_state())["facebook:hattie"]["facebook.tag_review"].value == "on"
    with pytest.raises(UserError, match="must be one of: public, friends, only_me, unsure"):
        apply_sets([FB], ["facebook.friend_list=maybe"], FIXED_NOW)
    with pytest.raises(UserError, match="ITEM=VALUE"):
        apply_sets([FB], ["nonsense"], FIXED_NOW)
    with pytest.raises(UserError, match="no configured account on instagram"):
        apply_sets([FB], ["instagram.private_account=private"], FIXED_NOW)
    two = [FB, Target("facebook:other", "facebook", "personal")]
    with pytest.raises(UserError, match="--account"):
        apply_sets(two, ["facebook.tag_review=on"], FIXED_NOW)


def test_show_lists_status_per_item(state_dir: Path) -> None:
    apply_sets([FB], ["facebook.friend_list=public"], FIXED_NOW)
    console = Console(record=True, width=250)
    show([FB], console, now=FIXED_NOW)
    out = console.export_text()
    assert "needs changing" in out and "not answered" in out and "2026-11-25" in out


def test_command_end_to_end_with_the_demo_config(state_dir: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    demo = Path(__file__).resolve().parents[1] / "auditor" / "demo" / "demo.toml"
    monkeypatch.setenv("COLUMNS", "250")
    # the demo has several accounts (two on X, one on Facebook), so --set names one
    assert main(["checklist", "--config", str(demo), "--account", "x:FrontlineFern",
                 "--set", "x.photo_tagging=off"]) == 0
    assert checklist_answers(load_state())["x:FrontlineFern"]["x.photo_tagging"].value == "off"
    assert main(["checklist", "--config", str(demo), "--show"]) == 0
    assert "x.photo_tagging" in capsys.readouterr().out
    # Without a terminal and without --set, it explains instead of hanging.
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["checklist", "--config", str(demo)]) == 2
    assert "--set ITEM=VALUE" in capsys.readouterr().err
