"""``auditor init``: the written config loads with the project's loader, whatever was typed.

Covers the TOML escaping (hostile values), the flag form and its refusals (exit 2), the
interactive form with scripted answers (re-asking after a bad answer), owner-only writing,
never replacing a file without --force, and that the comments match config.example.toml.
"""

from __future__ import annotations

import io
import os
import stat
import sys
import tomllib
from pathlib import Path

import pytest
from rich.console import Console

from auditor.cli import build_parser, main
from auditor.commands.init import run_init
from auditor.config import IDENTITY_KINDS, JURISDICTIONS, ROLES, Config
from auditor.config_writer import AccountPlan, ConfigPlan, init_text, render_config, toml_string, write_new_private
from auditor.errors import ConfigError, UserError
from auditor.loading import load_config
from auditor.model import PLATFORMS, STANCES
from auditor.testing.facebook_export import FacebookExport
from auditor.testing.x_archive import XArchive

EXAMPLE = Path(__file__).resolve().parents[1] / "config.example.toml"
HOSTILE = [
    'He said "hi"', "C:\\Users\\fern\\", "back\\slash at end\\", "'''", '"""', "tab\there",
    'x"]\n[profile]\nrole = "doctor', "# not a comment", "Zoë Łukasz Ørsted 山田太郎 👩🏽‍⚕️",
    "\u202eevil\u202c bidi", "zero\u200bwidth", "line\u2028sep", "nul\x00 and del\x7f and esc\x1b[31m",
    "\U0001f600 astral", "\ufeffbom", "${HOME} $(rm -rf /) `x`", "\\u0041 not an escape",
]


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def x_zip(cwd: Path) -> Path:
    return XArchive(username="FrontlineFern").write(cwd / "twitter-2026-11-01.zip")


@pytest.fixture
def fb_zip(cwd: Path) -> Path:
    return FacebookExport(full_name="Hattie Okafor").write(cwd / "facebook-hattie.zip")


@pytest.fixture
def caseload(cwd: Path) -> Path:
    path = cwd / "caseload.csv"
    path.write_text("name,aliases,area,birth_year,status\nWilliam Harding,Bill Harding,Eastfield,1984,current\n")
    return path


def _init(*argv: str) -> int:
    return main(["init", *argv])


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---- escaping ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_read_back_exactly(value: str) -> None:
    assert tomllib.loads(f"v = {toml_string(value)}\n")["v"] == value


def test_every_character_reads_back_exactly() -> None:
    chars = [chr(c) for c in (*range(0x0, 0x3000), *range(0xFE00, 0x10000), 0x1F600, 0xE0001, 0x10FFFF)
             if not 0xD800 <= c <= 0xDFFF]
    text = "".join(chars)
    assert tomllib.loads(f"v = {toml_string(text)}")["v"] == text


def test_invisible_characters_are_written_as_escapes_so_the_file_shows_what_it_holds() -> None:
    written = toml_string("a\u202eb\u200bc\x00d\U000e0001")
    assert written == '"a\\u202Eb\\u200Bc\\u0000d\\U000E0001"'
    assert toml_string("Zoë 山田") == '"Zoë 山田"'  # ordinary letters stay readable


def test_a_lone_surrogate_is_refused_with_a_message() -> None:
    with pytest.raises(UserError, match="not UTF-8"):
        toml_string("bad \udce9 byte")


# ---- round trips through the project's loader --------------------------------------------------

def _facts(config: Config) -> dict[str, tuple[str, ...]]:
    return {kind: values for kind, values in config.identity.facts.items() if values}


def test_flags_with_archives_identity_caseload_and_report_options(cwd: Path, x_zip: Path, fb_zip: Path,
                                                                   caseload: Path) -> None:
    code = _init("--role", "nurse", "--jurisdiction", "uk", "--account", f"twitter:anonymous:{x_zip.name}",
                 "--account", f"facebook:Personal:{fb_zip}", "--identity", "real_names=Hattie Okafor",
                 "--identity", "employer=  WCC  ", "--identity", "real_names=Hattie Okafor",
                 "--identity", "phones=07700 900123", "--caseload", "caseload.csv",
                 "--report-dir", "reports/weekly", "--format", "html,md")
    assert code == 0
    config = load_config(cwd / "auditor.toml")
    assert (config.profile.role, config.profile.jurisdiction) == ("nurse", "uk")
    assert _facts(config) == {"real_names": ("Hattie Okafor",), "employers": ("WCC",), "phones": ("07700 900123",)}
    assert [(a.platform, a.stance, a.archive) for a in config.accounts] == [
        ("x", "anonymous", (x_zip,)), ("facebook", "personal", (fb_zip,))]
    assert config.caseload_file == caseload
    assert config.report.output_dir == cwd / "reports" / "weekly"
    assert config.report.formats == ("html", "md")
    text = (cwd / "auditor.toml").read_text()
    assert 'archive  = "twitter-2026-11-01.zip"' in text  # inside the config's folder: written relative


def test_flags_with_every_kind_of_live_api_account(cwd: Path) -> None:
    code = _init("--role", "social_worker", "--jurisdiction", "us",
                 "--account", "x:anonymous:api:X_TOKEN", "--account", "facebook:personal:api:FB_TOKEN",
                 "--account", "mastodon:professional:api:MASTODON_TOKEN:@fern@social.example",
                 "--account", "mastodon:anonymous:api::fern@other.example",
                 "--account", "bluesky:personal:api::fern.bsky.social")
    assert code == 0
    accounts = load_config(cwd / "auditor.toml").accounts
    got = [(a.platform, a.stance, a.api.token_env if a.api else "?", a.handle, a.archive) for a in accounts]
    assert got == [("x", "anonymous", "X_TOKEN", None, ()), ("facebook", "personal", "FB_TOKEN", None, ()),
                   ("mastodon", "professional", "MASTODON_TOKEN", "@fern@social.example", ()),
                   ("mastodon", "anonymous", None, "fern@other.example", ()),
                   ("bluesky", "personal", None, "fern.bsky.social", ())]


def test_yes_alone_writes_a_default_config_that_loads(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _init("--non-interactive") == 0
    config = load_config(cwd / "auditor.toml")
    assert (config.profile.role, config.profile.jurisdiction, config.accounts) == ("generic", "generic", ())
    assert not config.identity and config.caseload_file is None
    assert config.report.output_dir == cwd / "audit-report" and config.report.formats == ("html", "json")
    assert "no accounts yet" in capsys.readouterr().out
    assert "# [[accounts]]" in (cwd / "auditor.toml").read_text()  # shows where an account goes


def test_config_elsewhere_keeps_outside_paths_absolute(cwd: Path, x_zip: Path) -> None:
    target = cwd / "new" / "deeper" / "mine.toml"
    assert _init("--output", str(target), "--account", f"x:personal:{x_zip.name}", "--report-dir", "out") == 0
    config = load_config(target)
    assert config.accounts[0].archive == (x_zip,) and config.report.output_dir == cwd / "out"
    assert f'archive  = {toml_string(str(x_zip))}' in target.read_text()
    assert _mode(target.parent) == 0o700  # a folder it had to create is private


def test_hostile_identity_values_and_paths_round_trip(cwd: Path) -> None:
    folder = cwd / 'ex"p\\o\'rt ü [1]'
    archive = XArchive(username="Fern").write(folder, as_zip=False)
    values = [v.strip() for v in HOSTILE if v.strip() and "\x00" not in v]  # argv cannot carry NUL
    argv = ["--account", f"x:anonymous:{archive}"]
    for value in values:
        argv += ["--identity", f"other={value}"]
    assert _init(*argv) == 0
    config = load_config(cwd / "auditor.toml")
    assert config.identity.of("other") == tuple(dict.fromkeys(values))
    assert config.accounts[0].archive == (folder,)
    assert config.profile.role == "generic"  # the injection attempt stayed a value


def test_written_text_from_a_plan_is_checked_before_anything_is_written(tmp_path: Path) -> None:
    from auditor.commands.init import write_config

    plan = ConfigPlan(output_dir=tmp_path / "out",
                      accounts=(AccountPlan("x", "personal", archive=tmp_path / "gone.zip"),))
    with pytest.raises(ConfigError, match="does not load, so nothing was written"):
        write_config(plan, tmp_path / "auditor.toml")
    assert not (tmp_path / "auditor.toml").exists()


# ---- files: owner-only, never replaced without --force --------------------------------------------

def test_written_owner_only_without_touching_the_folder(cwd: Path) -> None:
    os.chmod(cwd, 0o755)
    assert _init("--yes") == 0
    assert _mode(cwd / "auditor.toml") == 0o600
    assert _mode(cwd) == 0o755  # the user's own folder keeps its permissions
    assert not [p for p in cwd.iterdir() if p.name.endswith(".tmp")]


def test_an_existing_config_is_never_replaced_without_force(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = cwd / "auditor.toml"
    existing.write_text("# mine\n")
    os.chmod(existing, 0o644)
    assert _init("--yes", "--role", "doctor") == 2
    assert "already exists" in capsys.readouterr().err and existing.read_text() == "# mine\n"
    assert _init("--yes", "--role", "doctor", "--force") == 0
    assert load_config(existing).profile.role == "doctor" and _mode(existing) == 0o600


def test_the_write_itself_refuses_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "auditor.toml"
    target.write_text("x")
    with pytest.raises(UserError, match="already exists"):
        write_new_private(target, "new")
    assert target.read_text() == "x"
    with pytest.raises(UserError, match="is a folder"):
        write_new_private(tmp_path, "new")


# ---- flag form: every bad value is exit 2 with a clear message ------------------------------------

@pytest.mark.parametrize(("argv", "message"), [
    (["--account", "myspace:personal:a.zip"], "not a platform this auditor reads"),
    (["--account", "x:secret:twitter-2026-11-01.zip"], "not a stance"),
    (["--account", "x:personal"], "PLATFORM:STANCE:PATH"),
    (["--account", "x:personal:missing.zip"], "does not exist"),
    (["--account", "x:personal:facebook-hattie.zip"], "looks like a Facebook export, not X"),
    (["--account", "bluesky:personal:twitter-2026-11-01.zip"], "bluesky has no data export"),
    (["--account", "instagram:personal:api:IG"], "instagram has no live API connector"),
    (["--account", "x:anonymous:api"], "x needs an X user access token"),
    (["--account", "mastodon:anonymous:api:TOKEN"], "needs the account's handle"),
    (["--account", "mastodon:anonymous:api::fern"], "not a full Mastodon handle"),
    (["--identity", "password=hunter2"], "not a kind of identity fact"),
    (["--identity", "employers=   "], "the value is empty"),
    (["--identity", "WCC"], "the kind is missing"),
    (["--caseload", "nowhere.csv"], "does not exist"),
    (["--format", "html,pdf"], "comma-separated list"),
])
def test_bad_flags_exit_2_and_write_nothing(cwd: Path, x_zip: Path, fb_zip: Path, argv: list[str], message: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert _init(*argv) == 2
    assert message in capsys.readouterr().err
    assert not (cwd / "auditor.toml").exists()


def test_a_pasted_token_is_refused_without_being_echoed(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _init("--account", "x:anonymous:api:AAAA-secret-token/123") == 2
    err = capsys.readouterr().err
    assert "NAME of an environment variable" in err and "secret-token" not in err


def test_a_malformed_caseload_names_the_line_not_the_cell(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (cwd / "c.csv").write_text('name,birth_year\nKayleigh Brennan,"19x9\n')
    assert _init("--caseload", "c.csv") == 2
    err = capsys.readouterr().err
    assert "line" in err and "Kayleigh" not in err


def test_an_unknown_role_is_a_usage_error(cwd: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _init("--role", "wizard")
    assert exit_info.value.code == 2


def test_identity_facts_are_not_printed(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _init("--identity", "real_names=Hattie Okafor", "--identity", "emails=h.okafor@example.org") == 0
    out = capsys.readouterr()
    assert "Okafor" not in out.out + out.err and "2 identity fact(s)" in out.out


# ---- interactive --------------------------------------------------------------------------------

def test_no_terminal_and_no_flags_is_refused(cwd: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("social_worker\n"))
    assert _init() == 2
    assert "needs a terminal" in capsys.readouterr().err and not (cwd / "auditor.toml").exists()


def _interactive(answers: list[str], *argv: str) -> tuple[int, str, list[str]]:
    prompts: list[str] = []
    replies = iter(answers)

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        try:
            return next(replies)
        except StopIteration:
            raise EOFError from None

    out = io.StringIO()
    args = build_parser().parse_args(["init", *argv])
    code = run_init(args, ask=ask, console=Console(file=out, width=200, highlight=False))
    return code, out.getvalue(), prompts


def _identity_answers(facts: dict[str, list[str]]) -> list[str]:
    out = []
    for kind in IDENTITY_KINDS:
        out += [*facts.get(kind, []), ""]
    return out


def test_interactive_setup_with_bad_answers_asked_again(cwd: Path, x_zip: Path, fb_zip: Path,
                                                       caseload: Path) -> None:
    answers = [
        "12", "nurse",                       # role: out of range, then by name
        "1",                                 # jurisdiction: uk
        *_identity_answers({"real_names": ["Hattie Okafor", 'Hat "H" O\\k'], "places": ["Ashby"]}),
        "y", "myspace", "twitter", "1",      # account 1: bad platform, then X; stance anonymous
        "missing.zip",                       # does not exist: asked again
        "facebook-hattie.zip",               # another platform's export: asked again
        x_zip.name, "@FrontlineFern",        # then the right one, and a handle
        "maybe", "y", "mastodon", "3", "api", "MASTODON_TOKEN", "fern",  # bad yes/no; bad handle
        "api", "", "@fern@social.example",   # asked again: no token this time (public mode)
        "n",                                 # no more accounts
        "nowhere.csv", str(caseload),        # caseload: missing, then found
        "",                                  # report folder: default
        "",                                  # write it: yes (default)
    ]
    code, out, _ = _interactive(answers)
    assert code == 0
    config = load_config(cwd / "auditor.toml")
    assert (config.profile.role, config.profile.jurisdiction) == ("nurse", "uk")
    assert _facts(config) == {"real_names": ("Hattie Okafor", 'Hat "H" O\\k'), "places": ("Ashby",)}
    x, mastodon = config.accounts
    assert (x.platform, x.stance, x.archive, x.handle) == ("x", "anonymous", (x_zip,), "@FrontlineFern")
    assert (mastodon.platform, mastodon.stance, mastodon.handle) == ("mastodon", "professional", "@fern@social.example")
    assert mastodon.api is not None and mastodon.api.token_env is None
    assert config.caseload_file == caseload and config.report.output_dir == cwd / "audit-report"
    for problem in ("Please type a number from 1 to 8", "not a platform this auditor reads", "does not exist",
                    "looks like a Facebook export, not X", "Please answer y or n", "not a full Mastodon handle"):
        assert problem in out, problem
    for kind in IDENTITY_KINDS:  # each kind is asked with why it matters
        assert init_text()["identity"]["kinds"][kind]["why"] in out
    assert "never written" in out and _mode(cwd / "auditor.toml") == 0o600


def test_interactive_an_account_can_be_skipped_after_a_bad_path(cwd: Path) -> None:
    answers = ["", "", *_identity_answers({}), "y", "x", "2", "nope.zip", "", "n", "", "", "y"]
    code, out, _ = _interactive(answers)
    assert code == 0 and "does not exist" in out
    assert load_config(cwd / "auditor.toml").accounts == ()


def test_interactive_input_ending_early_writes_nothing(cwd: Path) -> None:
    with pytest.raises(UserError, match="input ended"):
        _interactive(["1", "1", "Hattie Okafor"])
    assert not (cwd / "auditor.toml").exists()


def test_interactive_declining_at_the_end_writes_nothing(cwd: Path) -> None:
    with pytest.raises(UserError, match="Nothing was written"):
        _interactive(["", "", *_identity_answers({}), "n", "", "", "n"])
    assert not (cwd / "auditor.toml").exists()


def test_interactive_refuses_an_existing_file_before_asking(cwd: Path) -> None:
    (cwd / "auditor.toml").write_text("# mine\n")
    with pytest.raises(UserError, match="already exists"):
        _interactive([])
    assert (cwd / "auditor.toml").read_text() == "# mine\n"


def test_any_content_flag_means_no_questions(cwd: Path) -> None:
    code, _, prompts = _interactive([], "--role", "doctor")
    assert code == 0 and prompts == []


# ---- comments consistent with config.example.toml ---------------------------------------------

def _example_comments() -> str:
    """The example's comment lines, without '# ', one per line (trailing comments included)."""
    lines = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if "#" in line:
            lines.append(line[line.index("#") + 1:].removeprefix(" ").rstrip())
    return "\n".join(lines)


def test_copied_comments_match_config_example() -> None:
    text, example = init_text(), _example_comments()
    blocks = [text["profile"]["role"], text["profile"]["jurisdiction"], text["identity"]["comment"],
              text["caseload"]["comment"], *(text["accounts"][k] for k in ("platform", "stance", "archive", "api",
                                                                            "handle")),
              text["report"]["output_dir"], text["report"]["formats"], *text["accounts"]["api_notes"].values()]
    for block in blocks:
        assert block.strip() in example, f"not in config.example.toml: {block.strip()!r}"
    source = EXAMPLE.read_text(encoding="utf-8")
    for kind in IDENTITY_KINDS:
        line = next(line for line in source.splitlines() if line.startswith(f"{kind} "))
        assert line.endswith("# " + text["identity"]["kinds"][kind]["label"]), kind


def test_choices_named_in_comments_and_questions_match_the_loader() -> None:
    text = init_text()
    assert tuple(text["profile"]["roles"]) == ROLES
    assert tuple(text["profile"]["jurisdictions"]) == JURISDICTIONS
    assert tuple(text["accounts"]["stances"]) == STANCES
    assert tuple(text["identity"]["kinds"]) == IDENTITY_KINDS
    assert " | ".join(ROLES) in text["profile"]["role"]
    assert " | ".join(JURISDICTIONS) in text["profile"]["jurisdiction"]
    assert " | ".join(STANCES) in text["accounts"]["stance"].replace(" (pseudonymous)", "")
    assert all(p in text["accounts"]["platform"] for p in PLATFORMS)


def test_rendered_file_is_commented_like_the_example(tmp_path: Path) -> None:
    rendered = render_config(ConfigPlan(output_dir=tmp_path / "audit-report"), tmp_path / "auditor.toml")
    for line in ("# Chooses which professional standards each finding cites.",
                 "# Where reports are written (created owner-only).", '# file = "caseload.csv"'):
        assert line in rendered
    assert tomllib.loads(rendered)["report"] == {"output_dir": "audit-report", "formats": ["html", "json"]}


def test_the_readme_example_works(cwd: Path) -> None:
    import shlex

    readme = (EXAMPLE.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("auditor init --role nurse")
    command = readme[start:readme.index("```", start)].replace("\\\n", " ").split("#")[0]
    (cwd / "exports").mkdir()
    XArchive(username="Fern").write(cwd / "exports" / "twitter-2026-11-01.zip")
    (cwd / "caseload.csv").write_text("name\nWilliam Harding\n")
    assert main(shlex.split(command)[1:]) == 0
    config = load_config(cwd / "auditor.toml")
    assert [a.platform for a in config.accounts] == ["x", "mastodon", "bluesky"]
    assert config.identity.of("employers") == ("WCC",) and config.profile.role == "nurse"


def test_a_bad_identity_flag_does_not_echo_the_value(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _init("--identity", "Hattie Okafor") == 2
    err = capsys.readouterr().err
    assert "the kind is missing" in err and "Okafor" not in err
