"""X API v2 (via tweepy) → AccountSnapshot.

Reads: ``get_me`` with the privacy-relevant user fields; the timeline through
``tweepy.Paginator(get_users_tweets)`` with geo and media expansions (X returns only the newest
3,200); followers and followed accounts up to ``api.max_connections`` each (default 1,000,
because every read costs money under pay-per-use, research §2.3); and the v1.1 account settings
(``API.get_settings``) where the tier allows. Where X refuses settings or follower reads
(403/453, 402) the values become unknown and a note says how to check by hand, instead of failing
the account.

Sign-in: OAuth 1.0a user context (four env vars or keyring entries: consumer key/secret, access
token/secret; needed for the v1.1 settings) or an OAuth 2 user access token (``api.token_env`` or
keyring ``token``). Every client gets an :class:`ApiSession`, so only GETs with timeouts go out.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import requests
import tweepy

from auditor.config import AccountConfig
from auditor.errors import InputError, UserError
from auditor.model import UNKNOWN, AccountSnapshot, Audience, Connection, Geo, Media, Post, Profile, Relation
from auditor.progress import Progress
from connectors import incremental
from connectors.credentials import api_config, secret
from connectors.export_common import iso_time
from connectors.http import ApiSession, PageGuard, RetryPolicy, Transient, call_with_retries, policy_for, tick

SERVICE = "X"
BASE = "https://api.twitter.com"  # tweepy 4.17 sends every request here
DEFAULT_MAX_CONNECTIONS = 1000
TIMELINE_LIMIT = 3200
USER_FIELDS = ["created_at", "description", "entities", "location", "pinned_tweet_id", "profile_image_url",
               "protected", "public_metrics", "url", "verified", "verified_type", "withheld"]
TWEET_FIELDS = ["created_at", "geo", "attachments", "entities", "referenced_tweets", "in_reply_to_user_id",
                "reply_settings"]
EXPANSIONS = ["geo.place_id", "attachments.media_keys"]
PLACE_FIELDS = ["full_name", "name", "country_code", "geo", "place_type"]
MEDIA_FIELDS = ["type", "url", "preview_image_url", "alt_text"]
CONNECTION_FIELDS = ["description", "location", "url", "username", "name", "created_at"]
SETTINGS_BY_HAND = (
    "Check them by hand at https://x.com/settings/privacy_and_safety: 'Discoverability and contacts' (found "
    "by email / phone), 'Direct messages' (who can message you) and 'Location information' (add location "
    "to posts)."
)
_AUTH_HINT = ("Regenerate the keys or token in the X developer portal (https://developer.x.com, your app → "
              "Keys and tokens) and update the environment variables or keyring entries.")


class _Creds:
    def __init__(self, oauth1: tuple[str, str, str, str] | None, token: str | None) -> None:
        self.oauth1, self.token = oauth1, token


def load(account: AccountConfig, progress: Progress) -> AccountSnapshot:
    api = api_config(account)
    creds = credentials(account)
    policy = policy_for(api.max_wait)
    client = make_client(creds)
    user_auth = creds.oauth1 is not None
    call = _Caller(policy)

    me_body = call(client.get_me, user_fields=USER_FIELDS, user_auth=user_auth)
    me = me_body.get("data") if isinstance(me_body, dict) else None
    if not isinstance(me, dict) or not me.get("id"):
        raise InputError(f"{SERVICE} sent an answer to /2/users/me without the account's id.")
    me_id, username = str(me["id"]), str(me.get("username") or (account.handle or "").lstrip("@") or me["id"])
    protected = me.get("protected")
    audience: Audience = "unknown" if not isinstance(protected, bool) else ("followers" if protected else "public")

    notes: list[str] = []
    settings: dict[str, bool | str | int] = {
        "visibility.account_protected": protected if isinstance(protected, bool) else UNKNOWN,
        "visibility.posts_default": audience if audience != "unknown" else UNKNOWN,
    }
    settings.update(_settings(creds, policy, call, notes))

    key = incremental.account_key(account, me_id, BASE)
    since = incremental.remembered(key) if api.incremental else None
    posts, newest = _timeline(client, call, me_id, username, audience, since, api.max_posts, user_auth,
                              notes, progress)
    metrics = me.get("public_metrics") if isinstance(me.get("public_metrics"), dict) else {}
    assert isinstance(metrics, dict)
    total_posts = metrics.get("tweet_count")
    if since is not None:
        notes.append(f"Incremental fetch: read only the {len(posts):,} posts newer than the last successful run; "
                     f"settings and connections were read in full.")
    elif isinstance(total_posts, int) and total_posts > len(posts) and api.max_posts is None:
        notes.append(f"Read {len(posts):,} of {total_posts:,} posts: X's API returns only the newest "
                     f"{TIMELINE_LIMIT:,}. Audit the X archive (Settings → Your account → Download an archive) "
                     f"to cover older posts.")

    cap = DEFAULT_MAX_CONNECTIONS if api.max_connections is None else api.max_connections
    connections: list[Connection] = []
    for relation, method, count in (("follower", client.get_users_followers, "followers_count"),
                                    ("following", client.get_users_following, "following_count")):
        connections += _people(call, method, me_id, username, relation, cap,  # type: ignore[arg-type]
                               metrics.get(count), user_auth, notes, progress)

    if api.incremental:
        incremental.stage(key, newest or since)
    return AccountSnapshot(
        platform="x", handle=username, stance=account.stance, source="api",
        captured_at=datetime.now(UTC), account_id=me_id, profile=_profile(me),
        settings=settings, posts=posts, connections=connections, notes=notes,
        posts_complete=since is None and not (isinstance(total_posts, int) and total_posts > len(posts)),
    )


def credentials(account: AccountConfig) -> _Creds:
    """OAuth 1.0a user context if all four keys are there, else an OAuth 2 user token, else a clear error."""
    api = api_config(account)
    envs = {"consumer_key": api.consumer_key_env, "consumer_secret": api.consumer_secret_env,
            "access_token": api.access_token_env, "access_token_secret": api.access_token_secret_env}
    named = [name for name, env in envs.items() if env]
    if named and len(named) < 4:
        missing = ", ".join(f"api.{name}_env" for name, env in envs.items() if not env)
        raise UserError(f"{account.where}.api: OAuth 1.0a needs all four keys; also set {missing}.")
    values = {name: secret(account, name, env) for name, env in envs.items()}
    token = secret(account, "token", api.token_env) if api.token_env or api.keyring_service else None
    if all(values.values()):
        oauth1 = (values["consumer_key"], values["consumer_secret"], values["access_token"],
                  values["access_token_secret"])
        return _Creds(oauth1, token)  # type: ignore[arg-type]
    if token:
        return _Creds(None, token)
    raise UserError(f"{account.where}.api: no X credentials found. Set api.token_env to the name of an env var "
                    f"holding an OAuth 2 user token, or the four api.consumer_key_env … "
                    f"api.access_token_secret_env names for OAuth 1.0a (needed to read settings), or "
                    f"api.keyring_service (see the README, 'Live APIs').")


def make_client(creds: _Creds) -> tweepy.Client:
    if creds.oauth1:
        ck, cs, at, ats = creds.oauth1
        client = tweepy.Client(consumer_key=ck, consumer_secret=cs, access_token=at, access_token_secret=ats,
                               return_type=dict)
    else:
        client = tweepy.Client(bearer_token=creds.token, return_type=dict)
    client.session = ApiSession()
    return client


class _Caller:
    """Calls a tweepy method with bounded retries, and turns tweepy's errors into clear messages."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy

    def wrap(self, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            return self(method, *args, **kwargs)
        return wrapped

    def __call__(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return call_with_retries(lambda: method(*args, **kwargs), service=SERVICE, policy=self.policy,
                                     classify=_classify)
        except tweepy.HTTPException as exc:
            raise explain(exc) from None
        except requests.JSONDecodeError:
            raise InputError(f"{SERVICE} sent a response that is not valid JSON. A proxy or maintenance page "
                             f"may be in the way; run the audit again later.") from None


def _classify(exc: BaseException) -> Transient | None:
    if isinstance(exc, (tweepy.TooManyRequests, tweepy.TwitterServerError)):
        return Transient(exc.response.status_code, exc.response.headers)
    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        return Transient(None, {})
    if isinstance(exc, tweepy.TweepyException) and isinstance(exc.__context__, (requests.ConnectionError,
                                                                                requests.Timeout)):
        return Transient(None, {})  # tweepy.API wraps network failures
    return None


class TierRefusedError(UserError):
    """X refused a read because of the access tier or missing credits (403 with code 453, or 402)."""


def explain(exc: tweepy.HTTPException) -> UserError:
    status = exc.response.status_code
    if isinstance(exc, tweepy.Unauthorized):
        return UserError(f"{SERVICE} refused the credentials (HTTP 401): a key or token is wrong, expired or was "
                         f"revoked. {_AUTH_HINT}")
    if status == 402:
        return TierRefusedError(f"{SERVICE} asks for payment (HTTP 402): the app's project has no credits left for "
                           f"this read. Add credits in the developer portal, or audit the X archive instead.")
    if isinstance(exc, tweepy.Forbidden):
        if 453 in exc.api_codes:
            return TierRefusedError(f"{SERVICE} refused this read for the app's access level (HTTP 403, code 453). "
                               f"Check the app's plan in the developer portal, or audit the X archive instead.")
        return TierRefusedError(f"{SERVICE} refused access (HTTP 403): the app lacks the permission, is not attached "
                           f"to a project, or the account is suspended or locked. {_AUTH_HINT}")
    if isinstance(exc, tweepy.NotFound):
        return InputError(f"{SERVICE} has no such resource (HTTP 404); the account may be deactivated.")
    return InputError(f"{SERVICE} answered HTTP {status}; the audit could not read this account.")


def _settings(creds: _Creds, policy: RetryPolicy, call: _Caller, notes: list[str]) -> dict[str, bool | str | int]:
    unknown: dict[str, bool | str | int] = {key: UNKNOWN for key in (
        "discoverability.by_email", "discoverability.by_phone", "location.tagging", "messages.allowed_from")}
    if creds.oauth1 is None:
        notes.append("X account settings were not read: the v1.1 settings endpoint needs OAuth 1.0a keys, and "
                     f"this account uses an OAuth 2 token. {SETTINGS_BY_HAND}")
        return unknown
    api = tweepy.API(tweepy.OAuth1UserHandler(*creds.oauth1), retry_count=0, timeout=60)
    api.session = ApiSession()
    try:
        raw = call(api.get_settings)
    except TierRefusedError as exc:
        notes.append(f"X account settings could not be read: {exc} {SETTINGS_BY_HAND}")
        return unknown
    if not isinstance(raw, dict):
        raise InputError(f"{SERVICE} sent account settings that are not a JSON object.")
    settings = dict(unknown)
    for key, field in (("discoverability.by_email", "discoverable_by_email"),
                       ("discoverability.by_phone", "discoverable_by_mobile_phone"),
                       ("location.tagging", "geo_enabled")):
        if isinstance(raw.get(field), bool):
            settings[key] = raw[field]
    if isinstance(raw.get("allow_dms_from"), str):
        settings["messages.allowed_from"] = raw["allow_dms_from"]
    return settings


def _timeline(
    client: tweepy.Client, call: _Caller, me_id: str, username: str, audience: Audience, since: str | None,
    cap: int | None, user_auth: bool, notes: list[str], progress: Progress,
) -> tuple[list[Post], str | None]:
    posts: list[Post] = []
    newest: str | None = None
    if cap == 0:
        return posts, newest
    per_page = 100 if cap is None else max(5, min(100, cap))
    guard = PageGuard(SERVICE, "posts")
    pages = tweepy.Paginator(call.wrap(client.get_users_tweets), me_id, max_results=per_page,
                             tweet_fields=TWEET_FIELDS, expansions=EXPANSIONS, place_fields=PLACE_FIELDS,
                             media_fields=MEDIA_FIELDS, since_id=since, user_auth=user_auth)
    for page in pages:
        body = _body(page, "posts")
        includes = body.get("includes") if isinstance(body.get("includes"), dict) else {}
        assert isinstance(includes, dict)
        places = {p.get("id"): p for p in includes.get("places") or [] if isinstance(p, dict)}
        media = {m.get("media_key"): m for m in includes.get("media") or [] if isinstance(m, dict)}
        for tweet in body.get("data") or []:
            if not isinstance(tweet, dict) or not tweet.get("id"):
                raise InputError(f"{SERVICE} sent a post without an id.")
            posts.append(_post(tweet, me_id, username, audience, places, media))
            newest = max(newest or "0", str(tweet["id"]), key=lambda v: (len(v), v))
            if cap is not None and len(posts) >= cap:
                notes.append(f"Read the newest {cap:,} posts only (api.max_posts).")
                return posts, newest
        tick(progress, f"{len(posts):,} X posts read")
        meta = body.get("meta") if isinstance(body.get("meta"), dict) else {}
        if not guard.proceed((meta or {}).get("next_token")):
            break
    if guard.stopped_note:
        notes.append(guard.stopped_note)
    return posts, newest


def _people(
    call: _Caller, method: Callable[..., Any], me_id: str, username: str, relation: Relation, cap: int,
    total: Any, user_auth: bool, notes: list[str], progress: Progress,
) -> list[Connection]:
    what = "followers" if relation == "follower" else "accounts followed"
    out: list[Connection] = []
    if cap == 0:
        notes.append(f"{what.capitalize()} were not read (api.max_connections = 0).")
        return out
    guard = PageGuard(SERVICE, what)
    pages = tweepy.Paginator(call.wrap(method), me_id, max_results=min(1000, max(cap, 1)),
                             user_fields=CONNECTION_FIELDS, user_auth=user_auth)
    try:
        for page in pages:
            body = _body(page, what)
            for user in body.get("data") or []:
                if isinstance(user, dict):
                    out.append(_connection(user, relation))
                if len(out) >= cap:
                    break
            tick(progress, f"{len(out):,} X {what} read")
            meta = body.get("meta") if isinstance(body.get("meta"), dict) else {}
            if len(out) >= cap or not guard.proceed((meta or {}).get("next_token")):
                break
    except TierRefusedError as exc:
        page_name = "followers" if relation == "follower" else "following"
        notes.append(f"X {what} could not be read: {exc} Review them by hand at "
                     f"https://x.com/{username}/{page_name}.")
        return out
    if guard.stopped_note:
        notes.append(guard.stopped_note)
    if isinstance(total, int) and len(out) < total:
        notes.append(f"Read {len(out):,} of {total:,} {what} (api.max_connections = {cap:,}; each X read "
                     f"costs money, so raise it only if you need the full list).")
    return out


def _body(page: Any, what: str) -> dict[str, Any]:
    if not isinstance(page, dict):
        raise InputError(f"{SERVICE} sent a page of {what} that is not a JSON object.")
    return page


def _profile(me: dict[str, Any]) -> Profile:
    entities = me.get("entities") if isinstance(me.get("entities"), dict) else {}
    assert isinstance(entities, dict)
    urls = ((entities.get("url") or {}).get("urls") or []) if isinstance(entities.get("url"), dict) else []
    website = next((str(u.get("expanded_url") or u.get("url")) for u in urls if isinstance(u, dict)), "")
    return Profile(
        display_name=str(me.get("name") or ""),
        bio=str(me.get("description") or ""),
        location=str(me.get("location") or ""),
        website=website or str(me.get("url") or ""),
        avatar=str(me.get("profile_image_url") or "") or None,
    )


def _post(tweet: dict[str, Any], me_id: str, username: str, audience: Audience,
          places: dict[Any, dict[str, Any]], media: dict[Any, dict[str, Any]]) -> Post:
    refs = {str(r.get("type")) for r in tweet.get("referenced_tweets") or [] if isinstance(r, dict)}
    kind = "post"
    if "retweeted" in refs:
        kind = "repost"
    elif "replied_to" in refs:
        kind = "post" if str(tweet.get("in_reply_to_user_id")) == me_id else "reply"
    entities = tweet.get("entities") if isinstance(tweet.get("entities"), dict) else {}
    assert isinstance(entities, dict)
    keys = (tweet.get("attachments") or {}).get("media_keys") or [] if isinstance(tweet.get("attachments"),
                                                                                   dict) else []
    return Post(
        id=str(tweet["id"]),
        text=str(tweet.get("text") or ""),
        created_at=iso_time(tweet.get("created_at")),
        audience=audience,
        kind=kind,  # type: ignore[arg-type]
        url=f"https://x.com/{username}/status/{tweet['id']}",
        geo=_geo(tweet.get("geo"), places),
        media=tuple(_media(media[k]) for k in keys if k in media),
        mentions=tuple(str(m.get("username")) for m in entities.get("mentions") or [] if isinstance(m, dict)),
        hashtags=tuple(str(h.get("tag")) for h in entities.get("hashtags") or [] if isinstance(h, dict)),
        links=tuple(str(u.get("expanded_url") or u.get("url")) for u in entities.get("urls") or []
                    if isinstance(u, dict)),
    )


def _geo(geo: Any, places: dict[Any, dict[str, Any]]) -> Geo | None:
    if not isinstance(geo, dict):
        return None
    place = places.get(geo.get("place_id")) or {}
    name = str(place.get("full_name") or place.get("name") or "") or None
    point = (geo.get("coordinates") or {}).get("coordinates") if isinstance(geo.get("coordinates"), dict) else None
    if isinstance(point, list) and len(point) == 2 and all(isinstance(v, (int, float)) for v in point):
        return Geo(lat=float(point[1]), lon=float(point[0]), place=name)  # GeoJSON order: lon, lat
    return Geo(place=name) if name else None


def _media(item: dict[str, Any]) -> Media:
    kind = str(item.get("type") or "photo")
    return Media(ref=str(item.get("url") or item.get("preview_image_url") or item.get("media_key") or ""),
                 kind="gif" if kind == "animated_gif" else kind, alt_text=str(item.get("alt_text") or ""))


def _connection(user: dict[str, Any], relation: Relation) -> Connection:
    handle = str(user.get("username") or "") or None
    return Connection(
        relation=relation,
        id=str(user.get("id") or "") or None,
        handle=handle,
        display_name=str(user.get("name") or "") or None,
        bio=str(user.get("description") or ""),
        location=str(user.get("location") or ""),
        url=f"https://x.com/{handle}" if handle else None,
    )
