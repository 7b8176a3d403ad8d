"""Synthetic audit results for report tests and the report-size benchmark.

Real checks produce the findings (through the engine), so a report under test holds the same
shapes, remediation and standards a user sees. ``large_result`` grows that to any number of
findings with invented post text of realistic length, to measure size and load time of the
report at 10,000 findings without an archive that big.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from auditor.checking import AuditContext
from auditor.config import IdentityFacts, ProfileConfig
from auditor.engine import audit_snapshots
from auditor.findings import Evidence, Span, Subject, fingerprint
from auditor.model import AccountSnapshot, Post
from auditor.result import AuditResult

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
HOSTILE_POST = ('Home visit, little J (6) in Eastfield <script>document.title="pwned"</script>'
                '<img src=x onerror="document.title=\'pwned\'"> <a href="javascript:alert(1)">x</a>')
IDENTITY = IdentityFacts({
    "real_names": ("Harriet Okafor",),
    "employers": ("Wexford County Council", "WCC"),
    "places": ("Ashby", "Eastfield"),
    "colleagues": ("Dave Pryce",),
})
_WORDS = ("visit", "today", "team", "family", "school", "report", "meeting", "court", "placement", "again",
          "tired", "coffee", "office", "review", "plan", "nursery", "parents", "manager", "caseload", "week")


def _post(i: int, text: str, url: str | None = None) -> Post:
    return Post(id=str(1790000000000000000 + i), text=text, created_at=NOW - timedelta(days=i),
                url=url if url is not None else f"https://x.com/FrontlineFern/status/{1790000000000000000 + i}")


def demo_like_result(extra_posts: tuple[Post, ...] = ()) -> AuditResult:
    """A small audit of two accounts through the real checks, including a hostile post."""
    anonymous = AccountSnapshot(
        platform="x", handle="FrontlineFern", stance="anonymous", source="archive", captured_at=NOW,
        settings={"visibility.account_protected": False},
        posts=[
            _post(1, HOSTILE_POST),
            _post(2, "Visit this morning, little J (6) showed me his drawing of the flat in Eastfield."),
            _post(3, "Honestly these parents are idiots, another wasted home visit"),
            _post(4, "Huge shout out to the team at Wexford County Council today"),
            _post(5, "Evil link test in Ashby", url="javascript:alert(1)"),
            *extra_posts,
        ],
    )
    named = AccountSnapshot(
        platform="facebook", handle="harriet.okafor", stance="personal", source="archive", captured_at=NOW,
        posts=[_post(20, "Lovely walk in Ashby with the dog", url="https://www.facebook.com/harriet.okafor/posts/20")],
    )
    ctx = AuditContext(profile=ProfileConfig(role="social_worker", jurisdiction="uk"), identity=IDENTITY)
    return audit_snapshots([anonymous, named], ctx, now=NOW)


def large_result(count: int, seed: int = 7) -> AuditResult:
    """``count`` findings cloned from real ones, each with its own subject and ~280-character post."""
    base = demo_like_result()
    templates = [f for f in base.findings if f.evidence and f.subject.kind == "post"] or base.findings
    rng = random.Random(seed)
    findings = []
    for i in range(count):
        template = templates[i % len(templates)]
        words = [rng.choice(_WORDS) for _ in range(60)]
        text = " ".join(words)[:260] + " in Eastfield"
        start = len(text) - len("Eastfield")
        post_id = str(1800000000000000000 + i)
        subject = Subject("post", post_id, text[:59] + "…",
                          f"https://x.com/FrontlineFern/status/{post_id}", NOW - timedelta(minutes=i))
        findings.append(replace(
            template,
            fingerprint=fingerprint(template.check, template.account, "post", post_id),
            subject=subject,
            evidence=(Evidence("text", text, (Span(start, len(text), "PLACE"), Span(0, 5, "WORK_CONTEXT"))),),
        ))
    base.findings = findings
    return base
