"""The normalised account model that every connector produces and every check reads.

Connectors know platform formats; nothing else does. A check that needs a fact no
connector provides should get a new field here, not read raw platform data.
Values that a source could not tell are ``None`` (or absent from ``settings``),
never guessed, so checks can tell "off" from "unknown".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, get_args

Platform = Literal["x", "facebook", "instagram", "linkedin", "mastodon", "bluesky"]
Stance = Literal["anonymous", "personal", "professional"]
Source = Literal["api", "archive"]
Audience = Literal[
    "public", "unlisted", "followers", "friends", "friends_of_friends", "only_me", "custom", "unknown"
]
PostKind = Literal["post", "reply", "repost", "comment"]
Relation = Literal[
    "follower",
    "following",
    "friend",
    "connection",
    "friend_request_sent",
    "friend_request_received",
    "removed_friend",
]

PLATFORMS: tuple[str, ...] = get_args(Platform)
STANCES: tuple[str, ...] = get_args(Stance)
AUDIENCES: tuple[str, ...] = get_args(Audience)
RELATIONS: tuple[str, ...] = get_args(Relation)

# Normalised setting keys (a DESIGN.md contract; extend compatibly).
SETTING_KEYS: tuple[str, ...] = (
    "visibility.posts_default",
    "visibility.account_protected",
    "visibility.friend_list",
    "discoverability.by_email",
    "discoverability.by_phone",
    "discoverability.search_engines",
    "location.tagging",
    "messages.allowed_from",
    "tagging.review",
    "profile.indexable",
    "discoverability.profile_directory",  # Mastodon 'discoverable': featured in the directory and suggestions
)
UNKNOWN = "unknown"
SettingValue = bool | str | int


@dataclass(frozen=True, slots=True)
class Geo:
    """A location attached to a post or a photo; either coordinates, a place name, or both."""

    lat: float | None = None
    lon: float | None = None
    place: str | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class Media:
    """A photo or video attached to a post: where it is, and what metadata travelled with it."""

    ref: str
    kind: str = "photo"
    alt_text: str = ""
    gps: Geo | None = None
    exif: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Post:
    """One thing the user published. ``id`` is the platform's own id (or a stable synthetic one)."""

    id: str
    text: str
    created_at: datetime | None = None
    audience: Audience = "unknown"
    kind: PostKind = "post"
    url: str | None = None
    geo: Geo | None = None
    media: tuple[Media, ...] = ()
    mentions: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    tagged: tuple[str, ...] = ()
    reply_to: str | None = None


@dataclass(frozen=True, slots=True)
class Connection:
    """Someone related to the account. Sources differ: X archives give only ids, Facebook only names."""

    relation: Relation
    id: str | None = None
    handle: str | None = None
    display_name: str | None = None
    bio: str = ""
    location: str = ""
    url: str | None = None
    since: datetime | None = None

    @property
    def label(self) -> str:
        """How the platform shows this person: display name, else handle, else id."""
        return self.display_name or self.handle or self.id or "(unnamed)"


InteractionKind = Literal["mention", "reply"]


@dataclass(frozen=True, slots=True)
class Interaction:
    """Someone else's post that replies to or mentions the account (inbound), where a source has them.

    Who (``account_id``, ``handle``, ``display_name``) and where and when (``post_id``, ``url``,
    ``created_at``); not the post's text, which is the other person's and no check needs.
    """

    kind: InteractionKind
    account_id: str | None = None
    handle: str | None = None
    display_name: str | None = None
    post_id: str | None = None
    url: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """The account's public face, plus private identity fields an export may carry (``private``)."""

    display_name: str = ""
    bio: str = ""
    location: str = ""
    website: str = ""
    avatar: str | None = None
    header: str | None = None
    # Perceptual hashes (hex, imagehash pHash) of the avatar and header images, computed by the
    # connector (connectors/images.py) so linkage checks can compare photos without doing I/O.
    avatar_hash: str | None = None
    header_hash: str | None = None
    fields: tuple[tuple[str, str], ...] = ()
    previous_handles: tuple[str, ...] = ()
    private: Mapping[str, str] = field(default_factory=dict)

    def public_fields(self) -> list[tuple[str, str]]:
        """(field name, value) pairs anyone who opens the profile can read."""
        pairs = [
            ("display_name", self.display_name),
            ("bio", self.bio),
            ("location", self.location),
            ("website", self.website),
        ]
        pairs += [(f"field:{name}", value) for name, value in self.fields]
        return [(name, value) for name, value in pairs if value]


@dataclass(slots=True)
class AccountSnapshot:
    """Everything one connector read about one account, normalised."""

    platform: Platform
    handle: str
    stance: Stance
    source: Source
    captured_at: datetime
    account_id: str | None = None
    profile: Profile = field(default_factory=Profile)
    settings: dict[str, SettingValue] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # What the connector read only in part (skipped records, unreadable entries): the report lists
    # these as the account's errors, so nothing is dropped without the user being told.
    errors: list[str] = field(default_factory=list)
    # False when ``posts`` is knowingly not the whole history (incremental fetch, a max_posts cap):
    # the audit history then keeps older posts' findings open instead of calling them resolved.
    posts_complete: bool = True
    # Replies to and mentions of the account by others, where the source has them (README: caseload).
    interactions: list[Interaction] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The account's key in reports, e.g. ``x:FrontlineFern``."""
        return f"{self.platform}:{self.handle}"

    def setting(self, key: str) -> SettingValue | None:
        """A normalised setting, or ``None`` when the source could not tell."""
        value = self.settings.get(key)
        return None if value == UNKNOWN else value
