"""Facebook Graph API (via facebook-sdk and :mod:`connectors.facebook_graph`) → AccountSnapshot.

Reads ``/me`` (profile fields the token may see), every page of ``/me/posts`` with
``privacy``, ``place``, ``created_time`` and ``permalink_url``, and ``/me/friends`` for the
total count. What the API cannot give is said in the notes rather than guessed: Facebook's
privacy settings are not exposed at all, and ``/me/friends`` lists only friends who also use the
app, so the friend list must come from the "Download Your Information" export.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from auditor.config import AccountConfig
from auditor.errors import UserError
from auditor.model import UNKNOWN, AccountSnapshot, Audience, Connection, Geo, Post, Profile
from auditor.progress import Progress
from connectors import incremental
from connectors.credentials import api_config, secret
from connectors.export_common import formatted_time
from connectors.facebook_graph import SERVICE, Graph, PermissionMissingError, make_graph
from connectors.http import policy_for, tick

ME_FIELDS = "id,name,email,birthday,hometown,location,link,gender,age_range"
POST_FIELDS = "id,message,story,created_time,privacy,place,permalink_url"
_AUDIENCE: dict[str, Audience] = {"EVERYONE": "public", "ALL_FRIENDS": "friends",
                                  "FRIENDS_OF_FRIENDS": "friends_of_friends", "SELF": "only_me",
                                  "CUSTOM": "custom"}
SETTINGS_BY_HAND = (
    "Facebook's API does not expose privacy settings, so they are marked unknown. Check them by hand in "
    "Settings & privacy → Settings → Audience and visibility (https://www.facebook.com/settings?tab=privacy): "
    "'Who can see your future posts?', 'Who can see your friends list?', 'Who can look you up using the email "
    "address / phone number you provided?' and 'Do you want search engines outside of Facebook to link to "
    "your profile?'."
)


def load(account: AccountConfig, progress: Progress) -> AccountSnapshot:
    api = api_config(account)
    token = secret(account, "token", api.token_env)
    if not token:
        raise UserError(f"{account.where}.api: no Facebook token. Set api.token_env to the name of an env var "
                        f"holding a user access token from your development-mode app (or set "
                        f"api.keyring_service); see the README, 'Live APIs'.")
    graph = Graph(make_graph(token, api.graph_version or ""), policy_for(api.max_wait))
    me = graph.get_object("me", fields=ME_FIELDS)
    if not me.get("id"):
        raise UserError(f"{SERVICE} sent /me without an id; the token may be a page or app token. Use a user "
                        f"access token.")
    account_id = str(me["id"])
    handle = (account.handle or "").lstrip("@") or account_id
    notes = [SETTINGS_BY_HAND]
    settings: dict[str, bool | str | int] = {key: UNKNOWN for key in (
        "visibility.posts_default", "visibility.friend_list", "discoverability.by_email",
        "discoverability.by_phone", "discoverability.search_engines", "tagging.review")}

    key = incremental.account_key(account, account_id, "https://graph.facebook.com")
    since = incremental.remembered(key) if api.incremental else None
    posts: list[Post] = []
    newest = int(since) if since and since.isdigit() else None
    args: dict[str, Any] = {"fields": POST_FIELDS, "limit": 100}
    if newest is not None:
        args["since"] = newest + 1
    try:
        for page in graph.pages("me", "posts", "posts", notes, **args):
            for item in page["data"]:
                post = _post(item, account_id)
                if since and post.created_at and post.created_at.timestamp() <= int(since):
                    continue
                posts.append(post)
                if post.created_at:
                    newest = max(newest or 0, int(post.created_at.timestamp()))
                if api.max_posts is not None and len(posts) >= api.max_posts:
                    break
            tick(progress, f"{len(posts):,} Facebook posts read")
            if api.max_posts is not None and len(posts) >= api.max_posts:
                notes.append(f"Read the newest {api.max_posts:,} posts only (api.max_posts).")
                break
    except PermissionMissingError as exc:
        raise UserError(f"{exc} Without user_posts the audit cannot read any posts.") from None
    if since is not None:
        notes.append(f"Incremental fetch: read only the {len(posts):,} posts newer than the last successful run; "
                     f"settings and connections were read in full.")

    connections = _friends(graph, notes)
    if api.incremental:
        incremental.stage(key, str(newest) if newest is not None else None)
    return AccountSnapshot(
        platform="facebook", handle=handle, stance=account.stance, source="api",
        captured_at=datetime.now(UTC), account_id=account_id, profile=_profile(me),
        settings=settings, posts=posts, connections=connections, notes=notes,
        posts_complete=since is None and (api.max_posts is None or len(posts) < api.max_posts),
    )


def _friends(graph: Graph, notes: list[str]) -> list[Connection]:
    friends: list[Connection] = []
    total: int | None = None
    try:
        for page in graph.pages("me", "friends", "friends", notes, fields="id,name", limit=100):
            summary = page.get("summary") if isinstance(page.get("summary"), dict) else {}
            count = (summary or {}).get("total_count")
            total = count if isinstance(count, int) else total
            friends += [Connection(relation="friend", id=str(f.get("id")) if f.get("id") else None,
                                   display_name=str(f.get("name") or "") or None)
                        for f in page["data"] if isinstance(f, dict)]
    except PermissionMissingError:
        notes.append("Facebook friends were not read: the token lacks the user_friends permission. Audit the "
                     "'Download Your Information' export (Connections → Friends) for the friend list.")
        return friends
    of = f" of {total:,}" if total is not None else ""
    notes.append(f"Facebook's API lists only friends who also use this app: read {len(friends):,}{of} friends. "
                 f"Audit the 'Download Your Information' export (Connections → Friends) for the full friend "
                 f"list.")
    return friends


def _profile(me: dict[str, Any]) -> Profile:
    def name_of(value: Any) -> str:
        return str(value.get("name") or "") if isinstance(value, dict) else ""

    hometown = name_of(me.get("hometown"))
    private = {k: str(me[k]) for k in ("email", "birthday", "gender") if isinstance(me.get(k), str) and me[k]}
    return Profile(
        display_name=str(me.get("name") or ""),
        location=name_of(me.get("location")),
        website="",
        fields=(("hometown", hometown),) if hometown else (),
        private=private,
    )


def _post(item: dict[str, Any], account_id: str) -> Post:
    privacy = item.get("privacy") if isinstance(item.get("privacy"), dict) else {}
    assert isinstance(privacy, dict)
    text = str(item.get("message") or item.get("story") or "")
    post_id = str(item.get("id") or "") or _synthetic_id(item)
    return Post(
        id=post_id,
        text=text,
        created_at=_time(item.get("created_time")),
        audience=_AUDIENCE.get(str(privacy.get("value")), "unknown"),
        url=str(item.get("permalink_url") or "") or None,
        geo=_geo(item.get("place")),
    )


def _synthetic_id(item: dict[str, Any]) -> str:
    raw = f"{item.get('created_time')}\n{item.get('message') or item.get('story')}"
    return "fb-" + hashlib.sha256(raw.encode()).hexdigest()[:16]


def _geo(place: Any) -> Geo | None:
    if not isinstance(place, dict):
        return None
    location = place.get("location") if isinstance(place.get("location"), dict) else {}
    assert isinstance(location, dict)
    lat, lon = location.get("latitude"), location.get("longitude")
    name = str(place.get("name") or location.get("city") or "") or None
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return Geo(lat=float(lat), lon=float(lon), place=name)
    return Geo(place=name) if name else None


def _time(value: Any) -> datetime | None:
    return formatted_time(str(value or ""), ("%Y-%m-%dT%H:%M:%S%z",))
