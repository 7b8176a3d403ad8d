"""Write Instagram "Download your information" (JSON) exports in the 2022, 2023 and late-2025 layouts.

Shapes follow shared research §5: followers as a top-level array split over
``followers_1..N.json``; ``following.json`` wrapped in ``relationships_following`` with the
username in ``string_list_data[].value`` (until 2025) or in ``title`` with a ``/_u/`` href (late
2025); posts as an array of ``{"media": [...], "title", "creation_timestamp"}``; the profile as
``profile_user[0].string_map_data`` keyed by display labels. Every string is mojibake-encoded
as Meta does. All content is invented.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from auditor.testing.meta_common import meta_json, stream_meta_array, write_folder, write_zip

Layout = Literal["2022", "2023", "2025"]
People = list[tuple[str, int]]

_ROOTS = {
    "2022": ("followers_and_following/", "content/", "personal_information/"),
    "2023": ("connections/followers_and_following/", "content/", "personal_information/personal_information/"),
    "2025": ("connections/followers_and_following/", "your_instagram_activity/content/",
             "personal_information/personal_information/"),
}


def ig_post(
    caption: str,
    when: datetime | int,
    uris: Iterable[str],
    *,
    lat_lon: tuple[float, float] | None = None,
    carousel: bool = False,
) -> dict[str, Any]:
    """A post: single-media posts carry the caption on the media; carousels on the post."""
    timestamp = when if isinstance(when, int) else int(when.timestamp())
    media = []
    for uri in uris:
        item: dict[str, Any] = {"uri": uri, "creation_timestamp": timestamp, "title": "" if carousel else caption,
                                "cross_post_source": {"source_app": "FB"}}
        exif: dict[str, Any] = {"source_type": "library", "date_time_original": "2024:07:14 15:02:11"}
        if lat_lon:
            exif["latitude"], exif["longitude"] = lat_lon
        item["media_metadata"] = {"photo_metadata": {"exif_data": [exif]}}
        media.append(item)
    post: dict[str, Any] = {"media": media}
    if carousel:
        post["title"] = caption
        post["creation_timestamp"] = timestamp
    return post


@dataclass
class InstagramExport:
    username: str
    name: str = ""
    bio: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""
    birthday: str = ""
    private_account: bool | None = None
    posts: Iterable[dict[str, Any]] = field(default_factory=list)
    followers: People = field(default_factory=list)
    following: People = field(default_factory=list)
    followers_per_file: int = 0  # split followers over followers_1..N.json of this many (0: one file)
    media_files: dict[str, bytes] = field(default_factory=dict)

    def files(self, layout: Layout = "2025") -> Iterator[tuple[str, bytes | Iterable[bytes]]]:
        connections, content, personal = _ROOTS[layout]
        size = self.followers_per_file or max(len(self.followers), 1)
        chunks = [self.followers[i:i + size] for i in range(0, len(self.followers), size)] or [[]]
        for n, chunk in enumerate(chunks, start=1):
            yield f"{connections}followers_{n}.json", stream_meta_array(
                {"title": "", "media_list_data": [],
                 "string_list_data": [{"href": f"https://www.instagram.com/{u}", "value": u, "timestamp": t}]}
                for u, t in chunk)
        if layout == "2025":
            following = [{"title": u, "media_list_data": [],
                          "string_list_data": [{"href": f"https://www.instagram.com/_u/{u}", "timestamp": t}]}
                         for u, t in self.following]
        else:
            following = [{"title": "", "media_list_data": [],
                          "string_list_data": [{"href": f"https://www.instagram.com/{u}", "value": u, "timestamp": t}]}
                         for u, t in self.following]
        yield f"{connections}following.json", meta_json({"relationships_following": following})
        yield f"{content}posts_1.json", stream_meta_array(self.posts)
        labels = {"Username": self.username, "Name": self.name, "Bio": self.bio, "Website": self.website,
                  "Email": self.email, "Phone Number": self.phone, "Date of birth": self.birthday,
                  "Gender": "female" if self.name else ""}
        if self.private_account is not None:
            labels["Private Account"] = "True" if self.private_account else "False"
        string_map = {k: {"href": "", "value": v, "timestamp": 0} for k, v in labels.items() if v}
        yield f"{personal}personal_information.json", meta_json({"profile_user": [{
            "media_map_data": {"Profile Photo": {"uri": "media/profile/202401/avatar.jpg",
                                                 "creation_timestamp": 1700000000, "title": ""}},
            "string_map_data": string_map}]})

    def write(self, path: Path, layout: Layout = "2025", as_zip: bool = True) -> Path:
        files = [*self.files(layout), *self.media_files.items()]
        return write_zip(path, files) if as_zip else write_folder(path, files)
