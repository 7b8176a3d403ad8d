"""linkage.avatar: the same (or a near-identical) profile picture or header on both accounts.

Reverse image search (Google Lens, TinEye, PimEyes) finds the named account from the
pseudonymous account's avatar in seconds; OSINT tools compare avatars across platforms by
perceptual hash. Connectors hash the images (connectors/images.py) and this check compares the
hashes: a resized or re-encoded copy of the same photo still differs in only a few bits.
"""

from __future__ import annotations

from auditor.checking import AccountPair, check_data
from auditor.checks._linkage import Signal, linkage_check
from auditor.findings import Evidence

CHECK_ID = "linkage.avatar"


@linkage_check(CHECK_ID, severity="high", order=1)
def run(pair: AccountPair) -> list[Signal]:
    limits = check_data(__name__)["bits"]
    anon, named = pair.anonymous.profile, pair.named.profile
    anon_images = [("profile picture", anon.avatar_hash, anon.avatar), ("header image", anon.header_hash, anon.header)]
    named_images = [("profile picture", named.avatar_hash, named.avatar),
                    ("header image", named.header_hash, named.header)]
    compared = [
        ((_hash_int(a[1]) ^ _hash_int(n[1])).bit_count(), a, n)
        for a in anon_images for n in named_images
        if a[1] and n[1] and len(a[1]) == len(n[1])
    ]
    if not compared:
        return []
    distance, (anon_what, anon_hash, anon_ref), (named_what, _, named_ref) = min(compared, key=lambda c: c[0])
    if distance > limits["similar"]:
        return []
    identical = distance <= limits["near_identical"]
    same = "the same" if identical else "a very similar"
    bits = len(anon_hash or "") * 4
    return [Signal(
        check=CHECK_ID,
        strength="strong" if identical else "moderate",
        subject_id="avatar",
        title="Same picture on both accounts" if identical else "Similar picture on both accounts",
        message=(f"The {anon_what} of {pair.anonymous.key} and the {named_what} of {pair.named.key} are "
                 f"{same} image ({distance} of {bits} bits of their perceptual fingerprints differ). A reverse "
                 f"image search of either one finds the other."),
        plain=f"by a reverse image search of your {named_what}, which is {same} image as this account's "
              f"{anon_what}",
        evidence=(Evidence(f"{pair.anonymous.key} {anon_what}", anon_ref or "(image from the export)"),
                  Evidence(f"{pair.named.key} {named_what}", named_ref or "(image from the export)")),
    )]


def _hash_int(value: str | None) -> int:
    return int(value or "0", 16)
