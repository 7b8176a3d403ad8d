"""Write Facebook "Download Your Information" exports in the ≤2020, 2021–2023 and 2024+ layouts.

Layouts and fields follow shared research §4 (timelinize's parsers, public sample exports):
posts as a top-level array (or ``{"status_updates": [...]}`` in the oldest exports), friends and
requests under ``*_v2`` keys from 2021, profile under ``profile`` / ``profile_v2``, every string
mojibake-encoded. Large exports can be split over two zips with the media in the second, and
the HTML variant can be written to test that it is refused. All content is invented.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any, Literal

from auditor.testing.meta_common import meta_json, stream_meta_array, write_folder, write_zip

Layout = Literal["2018", "2020", "2022", "2024"]
People = list[tuple[str, int]]  # (name, unix time)


def fb_post(
    text: str | None,
    when: datetime | int,
    *,
    title: str | None = "Fern Example updated her status.",
    media: Iterable[dict[str, Any]] = (),
    place: dict[str, Any] | None = None,
    link: str | None = None,
    tags: Iterable[str] = (),
    updated: int | None = None,
) -> dict[str, Any]:
    """A post as Facebook stores it: text in ``data[].post``, attachments as separate data blocks."""
    timestamp = when if isinstance(when, int) else int(when.timestamp())
    data: list[dict[str, Any]] = []
    if text is not None:
        data.append({"post": text})
    if updated is not None:
        data.append({"update_timestamp": updated})
    attachments: list[dict[str, Any]] = [{"media": m} for m in media]
    if place is not None:
        attachments.append({"place": place})
    if link is not None:
        attachments.append({"external_context": {"url": link, "name": "Article"}})
    post: dict[str, Any] = {"timestamp": timestamp, "data": data}
    if attachments:
        post["attachments"] = [{"data": attachments}]
    if title is not None:
        post["title"] = title
    tags = list(tags)
    if tags:
        post["tags"] = [{"name": name} for name in tags]
    return post


def fb_media(
    uri: str,
    *,
    upload_ip: str | None = None,
    lat_lon: tuple[float, float] | None = None,
    description: str = "",
    taken: int | None = None,
) -> dict[str, Any]:
    """A media attachment with the ``exif_data`` block Facebook adds to uploads."""
    exif: dict[str, Any] = {}
    if upload_ip:
        exif["upload_ip"] = upload_ip
    if lat_lon:
        exif["latitude"], exif["longitude"] = lat_lon
    if taken:
        exif["taken_timestamp"] = taken
    media: dict[str, Any] = {"uri": uri, "creation_timestamp": 1720969331, "title": "Mobile uploads"}
    if exif:
        media["media_metadata"] = {"photo_metadata": {"exif_data": [exif]}}
    if description:
        media["description"] = description
    return media


def fb_place(name: str, lat_lon: tuple[float, float] | None = None, address: str = "") -> dict[str, Any]:
    place: dict[str, Any] = {"name": name, "address": address, "url": "https://www.facebook.com/pages/x/1"}
    if lat_lon:
        place["coordinate"] = {"latitude": lat_lon[0], "longitude": lat_lon[1]}
    return place


# (layout) → (posts file, connection files, profile file, profile key)
_POSTS = {
    "2018": "posts/your_posts.json",
    "2020": "posts/your_posts_1.json",
    "2022": "posts/your_posts_1.json",
    "2024": "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_{n}.json",
}
_CONNECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    # relation → (path, top key)
    "old": {
        "friends": ("friends/friends.json", "friends"),
        "removed": ("friends/removed_friends.json", "deleted_friends"),
        "sent": ("friends/sent_friend_requests.json", "sent_requests"),
        "received": ("friends/received_friend_requests.json", "received_requests"),
        "followers": ("following_and_followers/followers.json", "followers"),
        "following": ("following_and_followers/following.json", "following"),
    },
    "2022": {
        "friends": ("friends_and_followers/friends.json", "friends_v2"),
        "removed": ("friends_and_followers/removed_friends.json", "deleted_friends_v2"),
        "sent": ("friends_and_followers/friend_requests_sent.json", "sent_requests_v2"),
        "received": ("friends_and_followers/friend_requests_received.json", "received_requests_v2"),
        "followers": ("friends_and_followers/followers.json", "followers_v2"),
        "following": ("friends_and_followers/following.json", "following_v2"),
    },
    "2024": {
        "friends": ("connections/friends/your_friends.json", "friends_v2"),
        "removed": ("connections/friends/removed_friends.json", "deleted_friends_v2"),
        "sent": ("connections/friends/sent_friend_requests.json", "sent_requests_v2"),
        "received": ("connections/friends/received_friend_requests.json", "received_requests_v2"),
        "followers": ("connections/followers/people_who_followed_you.json", "followers_v3"),
        "following": ("connections/followers/who_you've_followed.json", "following_v3"),
    },
}
_PROFILE = {
    "2018": ("profile_information/profile_information.json", "profile"),
    "2020": ("profile_information/profile_information.json", "profile"),
    "2022": ("profile_information/profile_information.json", "profile_v2"),
    "2024": ("personal_information/profile_information/profile_information.json", "profile_v2"),
}


@dataclass
class FacebookExport:
    """The content of an export; :meth:`files` lays it out in one of the real layouts."""

    full_name: str
    username: str = ""
    posts: Iterable[dict[str, Any]] = field(default_factory=list)
    friends: People = field(default_factory=list)
    removed_friends: People = field(default_factory=list)
    sent_requests: People = field(default_factory=list)
    received_requests: People = field(default_factory=list)
    followers: People = field(default_factory=list)
    following: People = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)  # extra profile_v2 fields
    media_files: dict[str, bytes] = field(default_factory=dict)  # uri → bytes
    posts_per_file: int = 0  # 2024 layout: split posts over _1, _2, … files of this many (0: one file)

    def files(self, layout: Layout = "2024") -> Iterator[tuple[str, bytes | Iterable[bytes]]]:
        """(path, content) of every data file; media come from :meth:`media`."""
        yield from self._post_files(layout)
        names = _CONNECTIONS["2024" if layout == "2024" else "2022" if layout == "2022" else "old"]
        people = {"friends": self.friends, "removed": self.removed_friends, "sent": self.sent_requests,
                  "received": self.received_requests, "followers": self.followers, "following": self.following}
        for relation, (path, key) in names.items():
            if people[relation]:
                yield path, meta_json({key: [{"name": n, "timestamp": t} for n, t in people[relation]]})
        path, key = _PROFILE[layout]
        profile = {"name": {"full_name": self.full_name, "first_name": self.full_name.split()[0],
                            "middle_name": "", "last_name": self.full_name.split()[-1]},
                   "registration_timestamp": 1300000000}
        if self.username:
            profile["username"] = self.username
            profile["profile_uri"] = f"https://www.facebook.com/{self.username}"
        yield path, meta_json({key: profile | self.profile})

    def media(self) -> Iterator[tuple[str, bytes]]:
        yield from self.media_files.items()

    def _post_files(self, layout: Layout) -> Iterator[tuple[str, bytes | Iterable[bytes]]]:
        if layout == "2018":
            yield _POSTS[layout], meta_json({"status_updates": list(self.posts)})
        elif layout != "2024" or not self.posts_per_file:
            yield _POSTS[layout].format(n=1), stream_meta_array(self.posts)
        else:
            posts, n = iter(self.posts), 1
            while (chunk := list(islice(posts, self.posts_per_file))) or n == 1:
                yield _POSTS[layout].format(n=n), stream_meta_array(chunk)
                n += 1

    def write(self, path: Path, layout: Layout = "2024", as_zip: bool = True) -> Path:
        """One zip (or folder) holding everything."""
        files = chain(self.files(layout), self.media())  # lazily, so huge benchmark exports stream
        return write_zip(path, files) if as_zip else write_folder(path, files)

    def write_parts(self, folder: Path, layout: Layout = "2024") -> list[Path]:
        """Two zips as Facebook splits a large export: data in the first, media in the second."""
        stem = f"facebook-{self.username or 'user'}-2026-11-1-AbCdEf12"
        first = write_zip(folder / f"{stem}-1.zip", self.files(layout))
        second = write_zip(folder / f"{stem}-2.zip", self.media())
        return [first, second]


def html_variant(path: Path) -> Path:
    """The HTML flavour of the export (what users get when they keep the default format)."""
    page = b"<!DOCTYPE html><html><head><title>Your Information</title></head><body>Posts</body></html>"
    return write_zip(path, [
        ("start_here.html", page),
        ("your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html", page),
        ("connections/friends/your_friends.html", page),
        ("personal_information/profile_information/profile_information.html", page),
    ])
