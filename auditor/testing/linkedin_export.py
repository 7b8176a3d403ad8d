"""Write LinkedIn data exports (``Basic_/Complete_LinkedInDataExport_MM-DD-YYYY.zip``), CSVs at the root.

Variants follow shared research §6: ``Connections.csv`` with or without the ``Notes:`` preamble
and with or without the ``URL`` column, an optional UTF-8 BOM, quoted multi-line fields and
rows with empty names; ``Profile.csv``, ``Shares.csv`` (with ``Visibility``), ``Positions.csv``,
``Email Addresses.csv`` and ``PhoneNumbers.csv``. All content is invented.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from auditor.testing.meta_common import write_folder, write_zip

NOTES = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses are '
         'missing. You will only see email addresses for connections who have allowed their connections to see '
         'or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. '
         'You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n\n')
CONNECTION_COLUMNS = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
PROFILE_COLUMNS = ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline", "Summary",
                   "Industry", "Zip Code", "Geo Location", "Twitter Handles", "Websites", "Instant Messengers"]
SHARE_COLUMNS = ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"]
POSITION_COLUMNS = ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"]


def csv_text(columns: list[str], rows: Iterable[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def connection(first: str, last: str, slug: str = "", company: str = "", position: str = "",
               connected: str = "15 Mar 2024", email: str = "") -> dict[str, str]:
    return {"First Name": first, "Last Name": last, "URL": f"https://www.linkedin.com/in/{slug}" if slug else "",
            "Email Address": email, "Company": company, "Position": position, "Connected On": connected}


def share(date: str, text: str, visibility: str = "PUBLIC", share_id: str = "7123456789012345678",
          shared_url: str = "", media_url: str = "") -> dict[str, str]:
    return {"Date": date, "ShareLink": f"https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{share_id}",
            "ShareCommentary": text, "SharedUrl": shared_url, "MediaUrl": media_url, "Visibility": visibility}


@dataclass
class LinkedInExport:
    profile: dict[str, str] = field(default_factory=dict)
    connections: list[dict[str, str]] = field(default_factory=list)
    shares: list[dict[str, str]] = field(default_factory=list)
    positions: list[dict[str, str]] | None = None  # None: no Positions.csv (Basic exports may lack it)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    preamble: bool = True
    url_column: bool = True
    bom: bool = False

    def files(self) -> Iterator[tuple[str, bytes | Iterable[bytes]]]:
        columns = [c for c in CONNECTION_COLUMNS if self.url_column or c != "URL"]
        text = (NOTES if self.preamble else "") + csv_text(columns, self.connections)
        yield "Connections.csv", self._encode(text)
        yield "Profile.csv", self._encode(csv_text(PROFILE_COLUMNS, [self.profile]))
        yield "Shares.csv", self._encode(csv_text(SHARE_COLUMNS, self.shares))
        if self.positions is not None:
            yield "Positions.csv", self._encode(csv_text(POSITION_COLUMNS, self.positions))
        if self.emails:
            yield "Email Addresses.csv", self._encode(csv_text(
                ["Email Address", "Confirmed", "Primary", "Updated On"],
                [{"Email Address": e, "Confirmed": "Yes", "Primary": "Yes" if i == 0 else "No",
                  "Updated On": "1/2/20, 10:00 AM"} for i, e in enumerate(self.emails)]))
        if self.phones:
            yield "PhoneNumbers.csv", self._encode(csv_text(
                ["Extension", "Number", "Type"],
                [{"Extension": "", "Number": p, "Type": "Mobile"} for p in self.phones]))

    def _encode(self, text: str) -> bytes:
        return ("\ufeff" if self.bom else "").encode() + text.encode()

    def write(self, path: Path, as_zip: bool = True) -> Path:
        return write_zip(path, self.files()) if as_zip else write_folder(path, self.files())
