"""One typed analysis per post, computed once and read by every post check.

The confidentiality and conduct checks ask different questions of the same facts: which work
context, which identifying details, which conduct rules fired, which caseload names appear,
and what the learned scorer makes of it all. :class:`PostAnalyser` normalises each post once,
runs each detector once, scores every post of an account in one batch, and hands the checks a
:class:`PostAnalysis` per post, so no check re-runs another's detector.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from auditor.caseload import Caseload
from auditor.checking import AuditContext
from auditor.config import IdentityFacts, ProfileConfig
from auditor.detectors.caseload_mentions import CaseloadMentions, Mention, people
from auditor.detectors.conduct import ConductDetector, ConductHit
from auditor.detectors.confidentiality import Assessment, ConfidentialityDetector
from auditor.detectors.scorer import PostScorer, shipped_scorer
from auditor.detectors.text import normalise
from auditor.model import AccountSnapshot, Post

BATCH = 2048  # posts scored per call: large enough to amortise, small enough to bound memory


@dataclass(frozen=True)
class PostAnalysis:
    """What the detectors and the scorer found in one post."""

    post: Post
    confidentiality: Assessment | None
    conduct: tuple[ConductHit, ...]
    mentions: tuple[Mention, ...]
    signals: tuple[str, ...]
    scores: Mapping[str, float]

    def score(self, label: str) -> float:
        return self.scores.get(label, 0.0)


class PostAnalyser:
    """Compiled once per audit from the profile, the user's places and terms, and the caseload."""

    def __init__(self, profile: ProfileConfig, identity: IdentityFacts | None = None,
                 extra_terms: Mapping[str, Iterable[str]] | None = None, caseload: Caseload | None = None,
                 scorer: PostScorer | None = None) -> None:
        places = identity.of("places") if identity else ()
        self.confidentiality = ConfidentialityDetector(profile.role, profile.jurisdiction, places=places,
                                                       extra_terms=extra_terms)
        self.conduct = ConductDetector(profile.role, profile.jurisdiction, extra_terms)
        self.mentions = CaseloadMentions(caseload)
        # colleagues named in a post: contempt aimed at one is conduct (their names never leave the audit)
        self.colleagues = CaseloadMentions(people(identity.of("colleagues") if identity else ()),
                                           titled_are_others=False)
        self._scorer = scorer

    @property
    def scorer(self) -> PostScorer:
        if self._scorer is None:
            self._scorer = shipped_scorer()
        return self._scorer

    def signals(self, text: str) -> tuple[Assessment | None, list[ConductHit], list[Mention], tuple[str, ...]]:
        """Every rule's verdict on one text, and the signals the scorer reads."""
        norm = normalise(text)
        assessment, conf_signals = self.confidentiality.examine(norm)
        hits, conduct_signals = self.conduct.examine(norm)
        mentions = self.mentions.find(text)
        kinds = dict.fromkeys(m.kind for m in mentions)
        context = any(s.startswith("ctx:WORK") for s in conf_signals)
        mention_signals = [f"caseload:{k}" for k in kinds] + [f"caseload:{k}+ctx" for k in kinds if context]
        colleague = dict.fromkeys(m.kind for m in self.colleagues.find(text))
        contempt = "term:CONTEMPT" in conduct_signals
        mention_signals += [f"colleague:{k}" for k in colleague] + [f"colleague:{k}+CONTEMPT" for k in colleague
                                                                    if contempt]
        return assessment, hits, mentions, (*conf_signals, *conduct_signals, *mention_signals)

    def analyse(self, posts: Sequence[Post]) -> list[PostAnalysis]:
        """Analyses for the posts that have text of the user's own (reposts are someone else's words)."""
        own = [p for p in posts if p.kind != "repost" and p.text]
        out: list[PostAnalysis] = []
        for start in range(0, len(own), BATCH):
            batch = own[start:start + BATCH]
            found = [self.signals(p.text) for p in batch]
            chosen = [i for i, (p, f) in enumerate(zip(batch, found, strict=True))
                      if self.scorer.worth_scoring(p.text, f[3])]
            probs = self.scorer.probabilities([batch[i].text for i in chosen], [found[i][3] for i in chosen])
            rows = dict(zip(chosen, probs, strict=True))
            for i, (post, (assessment, hits, mentions, signals)) in enumerate(zip(batch, found, strict=True)):
                row = rows.get(i)
                scores = {label: round(float(row[j]), 3) if row is not None else 0.0
                          for j, label in enumerate(self.scorer.labels)}
                out.append(PostAnalysis(post, assessment, tuple(hits), tuple(mentions), signals, scores))
        return out


REPORT = 0.5  # a probability at or above this is a finding the report counts
VERIFY = 0.3  # a rule hit the model doubts, down to this, is listed for the user to verify


def post_analyses(snapshot: AccountSnapshot, ctx: AuditContext) -> list[PostAnalysis]:
    """Every own post of the account, analysed once per audit and shared by the post checks."""
    analyser = ctx.cached("post-analyser", lambda: PostAnalyser(ctx.profile, ctx.identity, ctx.terms.by_label(),
                                                                ctx.caseload))
    return ctx.cached(f"post-analyses:{snapshot.key}:{id(snapshot)}", lambda: analyser.analyse(snapshot.posts))
