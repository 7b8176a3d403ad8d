"""Write X archives in the 2019, 2020+ and split layouts (shared research §1)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, Literal

Layout = Literal["2019", "2020", "split"]
_FIXED_TIME = (2026, 11, 1, 9, 0, 0)
_AVATAR_URL = "https://pbs.twimg.com/profile_images/{id}/Kx7pQa2L_400x400.jpg"
_HEADER_URL = "https://pbs.twimg.com/profile_banners/{id}/1700000000"  # banners have no extension


def tweet(
    id_str: str,
    text: str,
    created: datetime,
    *,
    reply_to: tuple[str, str, str] | None = None,
    mentions: Iterable[tuple[str, str]] = (),
    hashtags: Iterable[str] = (),
    urls: Iterable[str] = (),
    lon_lat: tuple[float, float] | None = None,
    media: Iterable[str] = (),
) -> dict[str, Any]:
    """A tweet object as the archive stores it: every number a string, HTML-escaped text."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    obj: dict[str, Any] = {
        "edit_info": {"initial": {"editTweetIds": [id_str], "editableUntil": created.isoformat(),
                                  "editsRemaining": "5", "isEditEligible": False}},
        "retweeted": False,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "entities": {
            "hashtags": [{"text": h, "indices": ["0", "1"]} for h in hashtags],
            "symbols": [],
            "user_mentions": [{"name": n, "screen_name": s, "indices": ["0", "1"], "id_str": "9" + s[:3].encode().hex(),
                               "id": "9"} for s, n in mentions],
            "urls": [{"url": "https://t.co/x" + str(i), "expanded_url": u, "display_url": u.split("//")[-1],
                      "indices": ["0", "1"]} for i, u in enumerate(urls)],
        },
        "display_text_range": ["0", str(len(text))],
        "favorite_count": "0",
        "retweet_count": "0",
        "id_str": id_str,
        "id": id_str,
        "truncated": False,
        "favorited": False,
        "lang": "en",
        "created_at": created.strftime("%a %b %d %H:%M:%S +0000 %Y"),
        "full_text": escaped,
    }
    if reply_to:
        status_id, user_id, screen_name = reply_to
        obj.update(in_reply_to_status_id_str=status_id, in_reply_to_status_id=status_id,
                   in_reply_to_user_id_str=user_id, in_reply_to_user_id=user_id,
                   in_reply_to_screen_name=screen_name)
    if lon_lat:
        lon, lat = (str(v) for v in lon_lat)
        obj["coordinates"] = {"type": "Point", "coordinates": [lon, lat]}
        obj["geo"] = {"type": "Point", "coordinates": [lat, lon]}
    media = list(media)
    if media:
        obj["extended_entities"] = {"media": [{"media_url": u.replace("https:", "http:"), "media_url_https": u,
                                               "type": "photo", "url": "https://t.co/m"} for u in media]}
    return obj


@dataclass
class XArchive:
    """The content of an archive; :meth:`write` lays it out in one of the real layouts."""

    username: str
    account_id: str = "1000001"
    display_name: str = ""
    email: str = ""
    bio: str = ""
    location: str = ""
    website: str = ""
    tweets: list[dict[str, Any]] = field(default_factory=list)
    followers: list[str] = field(default_factory=list)
    following: list[str] = field(default_factory=list)
    protected_actions: list[tuple[str, str]] | None = None  # (ISO time, "Protect"/"Unprotect")
    screen_name_changes: list[tuple[str, str, str]] = field(default_factory=list)  # (time, from, to)
    media_files: dict[str, bytes] = field(default_factory=dict)  # "<tweet id>-<name>" → bytes
    avatar: bytes | None = None  # written to profile_media/ and named by avatarMediaUrl, as X does
    header: bytes | None = None

    def _profile(self) -> dict[str, Any]:
        """profile.js content; the media URLs appear only when the archive has those images."""
        profile: dict[str, Any] = {"description": {"bio": self.bio, "website": self.website,
                                                   "location": self.location}}
        if self.avatar is not None:
            profile["avatarMediaUrl"] = _AVATAR_URL.format(id=self.account_id)
        if self.header is not None:
            profile["headerMediaUrl"] = _HEADER_URL.format(id=self.account_id)
        return profile

    def files(self, layout: Layout = "2020", part_size: int = 2) -> Iterator[tuple[str, bytes]]:
        """(path, content) for every file of the archive in ``layout``."""
        wrap = layout != "2019"
        root = "" if layout == "2019" else "data/"
        tweets_name = "tweet" if layout == "2019" else "tweets"
        data: dict[str, list[Any]] = {
            "account": [{"account": {"email": self.email, "createdVia": "web", "username": self.username,
                                     "accountId": self.account_id, "createdAt": "2014-03-04T05:06:07.000Z",
                                     "accountDisplayName": self.display_name}}],
            "profile": [{"profile": self._profile()}],
            "follower": [{"follower": {"accountId": i, "userLink": f"https://twitter.com/intent/user?user_id={i}"}}
                         for i in self.followers],
            "following": [{"following": {"accountId": i, "userLink": f"https://twitter.com/intent/user?user_id={i}"}}
                          for i in self.following],
            "screen-name-change": [{"screenNameChange": {"accountId": self.account_id, "screenNameChange":
                                    {"changedAt": t, "changedFrom": a, "changedTo": b}}}
                                   for t, a, b in self.screen_name_changes],
        }
        if self.protected_actions is not None:
            data["protected-history"] = [{"protectedHistory": {"protectedAt": t, "action": a}}
                                         for t, a in self.protected_actions]
        items = [{"tweet": t} if wrap else t for t in self.tweets]
        if layout == "split":
            chunks = [items[i : i + part_size] for i in range(0, len(items), part_size)] or [[]]
            tweet_files = [(f"{tweets_name}-part{n}", chunk) for n, chunk in enumerate(chunks, start=1)]
        else:
            tweet_files = [(tweets_name, items)]
        manifest_types: dict[str, Any] = {}
        for stem, entries in [*tweet_files, *data.items()]:
            base, _, part = stem.partition("-part")
            global_name = f"YTD.{base.replace('-', '_')}.part{part or 0}"
            yield f"{root}{stem}.js", js_file(f"window.{global_name}", entries)
            type_name = "tweets" if stem.startswith(tweets_name) else _camel(stem)
            manifest_types.setdefault(type_name, {"files": []})["files"].append(
                {"fileName": f"data/{stem}.js", "globalName": global_name, "count": str(len(entries))})
        media_dir = "tweet_media" if layout == "2019" else "tweets_media"
        for name, content in self.media_files.items():
            yield f"{root}{media_dir}/{name}", content
        for url, image in ((_AVATAR_URL, self.avatar), (_HEADER_URL, self.header)):
            if image is not None:
                stem = PurePosixPath(url.format(id=self.account_id)).stem
                yield f"{root}profile_media/{self.account_id}-{stem}.jpg", image
        if layout != "2019":
            manifest = {"userInfo": {"accountId": self.account_id, "userName": self.username,
                                     "displayName": self.display_name},
                        "archiveInfo": {"sizeBytes": "1000", "generationDate": "2026-11-01T09:00:00.000Z",
                                        "isPartialArchive": False, "maxPartSizeBytes": "53687091200"},
                        "readmeInfo": {"fileName": "data/README.txt", "directory": "data/", "name": "README"},
                        "dataTypes": manifest_types}
            yield "data/manifest.js", ("window.__THAR_CONFIG = " + json.dumps(manifest, indent=2)).encode()
            yield "Your archive.html", b"<!DOCTYPE html><html><body>Your archive</body></html>"

    def write(self, path: Path, layout: Layout = "2020", as_zip: bool = True, part_size: int = 2) -> Path:
        """Write a .zip (deterministic bytes) or a folder; ``part_size`` tweets per file when split."""
        if as_zip:
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, content in self.files(layout, part_size):
                    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, content)
        else:
            for name, content in self.files(layout, part_size):
                target = path / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        return path


def js_file(assignment: str, entries: list[Any]) -> bytes:
    """``window.YTD.x.part0 = [ ... ]`` in the archive's own indentation style."""
    return f"{assignment} = {json.dumps(entries, indent=2, ensure_ascii=False)}".encode()


def _camel(stem: str) -> str:
    first, *rest = stem.split("-")
    return first + "".join(word.title() for word in rest)


def at(text: str) -> datetime:
    """``"2025-03-04 08:15"`` → an aware UTC datetime (for readable fixtures)."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
