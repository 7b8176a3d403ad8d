"""Remediation is per platform, in plain words, with links only to the platforms' own pages."""

from __future__ import annotations

import re

import pytest

from auditor.checking import discover_checks
from auditor.checklist import load_checklist
from auditor.model import PLATFORMS
from reports.html_report import LINK_HOSTS

CHECKS = {c.meta.id: c.meta for c in discover_checks()}


@pytest.mark.parametrize("check_id", sorted(CHECKS))
def test_every_check_has_steps_for_each_platform_it_can_report_on(check_id: str) -> None:
    meta = CHECKS[check_id]
    platforms = set(meta.platforms or PLATFORMS)
    if check_id == "settings.checklist":
        platforms = {item.platform for item in load_checklist().items}
    missing = platforms - set(meta.remediation)
    assert not missing, f"{check_id}: no [remediation] steps for {sorted(missing)}"
    assert meta.remediation["default"]


@pytest.mark.parametrize("check_id", sorted(CHECKS))
def test_remediation_names_the_platform_and_links_only_to_platform_hosts(check_id: str) -> None:
    for platform, text in CHECKS[check_id].remediation.items():
        for url in re.findall(r"https?://[^\s)]+", text):
            host = url.split("/")[2]
            assert url.startswith("https://") and any(host == h or host.endswith("." + h) for h in LINK_HOSTS), url
        assert "\n" not in text.strip() or platform == "default"
