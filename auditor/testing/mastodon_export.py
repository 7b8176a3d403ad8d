"""Write Mastodon account archives (``archive-YYYYMMDDHHMMSS-<hex>.zip`` or the older ``.tar.gz``).

Shapes follow shared research §7.1 (Mastodon's BackupService): ``outbox.json`` (an
OrderedCollection of Create/Announce activities without ``@context`` on items), ``actor.json``
(an ActivityPub Person), ``likes.json``, ``bookmarks.json``, avatar/header images and
``media_attachments/files/…``. Visibility is encoded only in the addressing (``to``/``cc``),
exactly as Mastodon does. ``following_accounts.csv`` is a separate download. All invented.
"""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from auditor.testing.meta_common import write_folder, write_zip

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
Visibility = Literal["public", "unlisted", "private", "direct"]


@dataclass
class MastodonExport:
    username: str
    domain: str = "social.example"
    display_name: str = ""
    summary: str = ""  # HTML
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, HTML value)
    locked: bool = False
    discoverable: bool | None = True
    indexable: bool | None = False
    statuses: Iterable[dict[str, Any]] = field(default_factory=list)
    following: list[str] = field(default_factory=list)  # "user@host", for following_accounts.csv
    media_files: dict[str, bytes] = field(default_factory=dict)
    avatar: bytes | None = None

    @property
    def actor_id(self) -> str:
        return f"https://{self.domain}/users/{self.username}"

    def toot(
        self,
        status_id: int,
        html: str,
        when: datetime,
        visibility: Visibility = "public",
        *,
        mentions: Iterable[str] = (),
        hashtags: Iterable[str] = (),
        attachments: Iterable[tuple[str, str, str]] = (),  # (url, mediaType, alt text)
        in_reply_to: str | None = None,
        summary: str | None = None,
    ) -> dict[str, Any]:
        """A Create activity for one status, addressed the way Mastodon addresses ``visibility``."""
        mentions = list(mentions)
        mention_uris = [f"https://{m.split('@')[1]}/users/{m.split('@')[0]}" for m in mentions]
        followers = f"{self.actor_id}/followers"
        to, cc = {
            "public": ([PUBLIC], [followers, *mention_uris]),
            "unlisted": ([followers], [PUBLIC, *mention_uris]),
            "private": ([followers], mention_uris),
            "direct": (mention_uris, []),
        }[visibility]
        note_id = f"{self.actor_id}/statuses/{status_id}"
        tags = [{"type": "Mention", "href": uri, "name": f"@{m}"}
                for m, uri in zip(mentions, mention_uris, strict=True)]
        tags += [{"type": "Hashtag", "href": f"https://{self.domain}/tags/{h}", "name": f"#{h}"} for h in hashtags]
        published = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        return {
            "id": f"{note_id}/activity", "type": "Create", "actor": self.actor_id, "published": published,
            "to": to, "cc": cc,
            "object": {
                "id": note_id, "type": "Note", "summary": summary, "inReplyTo": in_reply_to, "published": published,
                "url": f"https://{self.domain}/@{self.username}/{status_id}", "attributedTo": self.actor_id,
                "to": to, "cc": cc, "sensitive": summary is not None, "atomUri": note_id,
                "conversation": f"tag:{self.domain},2024:objectId={status_id}:objectType=Conversation",
                "content": html, "contentMap": {"en": html},
                "attachment": [{"type": "Document", "mediaType": kind, "url": url, "name": alt, "blurhash": "U00000",
                                "width": 800, "height": 600} for url, kind, alt in attachments],
                "tag": tags, "replies": {"id": f"{note_id}/replies", "type": "Collection"},
            },
        }

    def boost(self, status_id: int, target: str, when: datetime) -> dict[str, Any]:
        return {"id": f"{self.actor_id}/statuses/{status_id}/activity", "type": "Announce", "actor": self.actor_id,
                "published": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "to": [PUBLIC],
                "cc": [f"{self.actor_id}/followers"], "object": target}

    def actor(self) -> dict[str, Any]:
        actor: dict[str, Any] = {
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": self.actor_id, "type": "Person", "following": f"{self.actor_id}/following",
            "followers": f"{self.actor_id}/followers", "inbox": f"{self.actor_id}/inbox", "outbox": "outbox.json",
            "featured": f"{self.actor_id}/collections/featured", "preferredUsername": self.username,
            "name": self.display_name, "summary": self.summary, "url": f"https://{self.domain}/@{self.username}",
            "manuallyApprovesFollowers": self.locked, "published": "2022-11-01T00:00:00Z", "memorial": False,
            "attachment": [{"type": "PropertyValue", "name": n, "value": v} for n, v in self.fields],
            "icon": {"type": "Image", "mediaType": "image/png", "url": "avatar.png"},
            "image": {"type": "Image", "mediaType": "image/jpeg", "url": "header.jpg"},
            "likes": "likes.json", "bookmarks": "bookmarks.json",
        }
        if self.discoverable is not None:
            actor["discoverable"] = self.discoverable
        if self.indexable is not None:
            actor["indexable"] = self.indexable
        return actor

    def outbox_chunks(self) -> Iterator[bytes]:
        """outbox.json, streamed item by item (the benchmark writes hundreds of thousands)."""
        yield (b'{"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json", '
               b'"type": "OrderedCollection", "orderedItems": [')
        first = True
        for item in self.statuses:
            yield (b"" if first else b",\n") + json.dumps(item, ensure_ascii=False).encode()
            first = False
        yield b"]}"

    def files(self) -> Iterator[tuple[str, bytes | Iterable[bytes]]]:
        yield "outbox.json", self.outbox_chunks()
        yield "actor.json", json.dumps(self.actor(), indent=2).encode()
        collection = {"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection",
                      "orderedItems": []}
        yield "likes.json", json.dumps(collection | {"id": "likes.json"}).encode()
        yield "bookmarks.json", json.dumps(collection | {"id": "bookmarks.json"}).encode()
        if self.avatar is not None:
            yield "avatar.png", self.avatar
        yield from self.media_files.items()

    def following_csv(self) -> bytes:
        rows = ["Account address,Show boosts,Notify on new posts,Languages"]
        rows += [f"{acct},true,false," for acct in self.following]
        return ("\n".join(rows) + "\n").encode()

    def write(self, path: Path, kind: Literal["zip", "tar.gz", "folder"] = "zip") -> Path:
        if kind == "zip":
            return write_zip(path, self.files())
        if kind == "folder":
            return write_folder(path, self.files())
        with tarfile.open(path, "w:gz") as archive:
            for name, content in self.files():
                data = content if isinstance(content, bytes) else b"".join(content)
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mtime = 1795000000
                archive.addfile(info, io.BytesIO(data))
        return path
