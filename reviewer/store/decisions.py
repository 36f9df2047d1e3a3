"""What the secretariat decides once for every laptop: similar comments confirmed as one cluster or split
apart, and the printed header's settings, so that every laptop prints the same document.

They travel in comment packages and merge by last change: every cluster record and every setting keeps
when it was last changed and on which laptop, and of two versions the later wins, the laptop's id
settling a tie. The outcome is the same whatever order packages arrive in. A cluster's members never
change once it is recorded (a comment confirmed into a newer cluster belongs to that one when they are
read: reviewer.store.similar), so a record is its state and stamp; a setting removed is sent as null.

The functions that write do not open a transaction: the package's merge runs them inside its own.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from reviewer.i18n import _
from reviewer.store.records import ValidationError, utc_now
from reviewer.store.rules import CONFERENCE_KEYS, MAX_NAME
from reviewer.textnorm import body_text

CLUSTER_STATES = ("confirmed", "split")
MAX_MEMBERS = 10_000
MAX_SETTING = MAX_NAME * 5  # as Store.set_conference allows


def _later(incoming: tuple[str, str], here: tuple[str, str] | None) -> bool:
    return here is None or incoming > here


def stamp_after(*seen: str) -> str:
    """Now, or just after the latest of ``seen`` when that is not earlier (a clock behind another laptop's,
    or two changes within one millisecond): a change made here always follows what it replaces."""
    now = utc_now()
    latest = max((s for s in seen if s), default="")
    if latest < now:
        return now
    try:
        moment = datetime.fromisoformat(latest.replace("Z", "+00:00")) + timedelta(milliseconds=1)
    except ValueError:
        return now
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ---------------------------------------------------------------- clusters


def cluster_records(store, draft_id: str) -> list[dict]:
    """Every cluster record of a draft, sorted by id, with its members sorted."""
    members: dict[str, list[str]] = {}
    for cluster_id, comment_id in store.db.execute(
            "SELECT m.cluster_id, m.comment_id FROM comment_cluster_members m JOIN comment_clusters k "
            "ON k.id = m.cluster_id WHERE k.draft_id = ? ORDER BY m.comment_id", [draft_id]):
        members.setdefault(cluster_id, []).append(comment_id)
    rows = store.db.execute("SELECT id, section_id, state, created_at, updated_at, device_id FROM comment_clusters "
                            "WHERE draft_id = ? ORDER BY id", [draft_id]).fetchall()
    return [{"id": r[0], "section": r[1], "state": r[2], "created_at": r[3], "updated_at": r[4], "device": r[5],
             "members": members.get(r[0], [])} for r in rows]


def merge_clusters(store, draft_id: str, records: list[dict]) -> int:
    """Records from another laptop (checked by :func:`check_clusters`); how many were new or newer.
    Members not in this database (a package of one group's comments) are left out of a new record."""
    changed = 0
    for r in records:
        here = store.db.execute("SELECT updated_at, device_id, draft_id FROM comment_clusters WHERE id = ?",
                                [r["id"]]).fetchone()
        if here is not None and here[2] != draft_id:
            continue  # the same id on another draft: not this record
        if not _later((r["updated_at"], r["device"]), (here[0], here[1]) if here else None):
            continue
        if here is None:
            known = [cid for (cid,) in store.db.execute(
                "SELECT id FROM comments WHERE draft_id = ? AND id IN (SELECT value FROM json_each(?))",
                [draft_id, json.dumps(r["members"])])]
            if len(known) < 2:
                continue  # nothing to hold together here (yet)
            store.db.execute("INSERT INTO comment_clusters (id, draft_id, section_id, state, created_at, device_id, "
                             "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             [r["id"], draft_id, r["section"], r["state"], r["created_at"], r["device"],
                              r["updated_at"]])
            store.db.conn.executemany("INSERT INTO comment_cluster_members (cluster_id, comment_id) VALUES (?, ?)",
                                      [(r["id"], cid) for cid in known])
        else:
            store.db.execute("UPDATE comment_clusters SET state = ?, updated_at = ?, device_id = ? WHERE id = ?",
                             [r["state"], r["updated_at"], r["device"], r["id"]])
        changed += 1
    return changed


def check_clusters(raw) -> list[dict]:
    """Cluster records as a package holds them, checked; ValidationError names what is wrong."""
    if not isinstance(raw, list):
        raise ValidationError(_("The package's clusters of similar comments are not a list."))
    out = []
    for n, r in enumerate(raw, 1):
        if not isinstance(r, dict):
            raise ValidationError(_("Cluster {n} of the package is not a record.").format(n=n))
        fields = {}
        for key in ("id", "section", "created_at", "updated_at", "device"):
            value = r.get(key)
            if not isinstance(value, str) or not value or len(value) > 200:
                raise ValidationError(_("Cluster {n} of the package has no valid “{key}”.").format(n=n, key=key))
            fields[key] = value
        if r.get("state") not in CLUSTER_STATES:
            raise ValidationError(_("Cluster {n} of the package has no valid “{key}”.").format(n=n, key="state"))
        members = r.get("members")
        if (not isinstance(members, list) or not 2 <= len(members) <= MAX_MEMBERS
                or not all(isinstance(m, str) and 0 < len(m) <= 200 for m in members)):
            raise ValidationError(_("Cluster {n} of the package has no valid “{key}”.").format(n=n, key="members"))
        out.append(fields | {"state": r["state"], "members": list(dict.fromkeys(members))})
    return out


# ---------------------------------------------------------------- the printed header's settings


def stamp_settings(store, keys) -> None:
    """Record that these settings changed now on this laptop (set or removed); inside the caller's
    transaction (Store.set_conference)."""
    keys = list(keys)
    seen = [r[0] for r in store.db.execute("SELECT updated_at FROM conference_stamps WHERE key IN "
                                           "(SELECT value FROM json_each(?))", [json.dumps(keys)])]
    now = stamp_after(*seen)
    store.db.conn.executemany(
        "INSERT INTO conference_stamps (key, updated_at, device_id) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET updated_at = excluded.updated_at, device_id = excluded.device_id",
        [(key, now, store.device_id) for key in keys])


def setting_records(store) -> list[dict]:
    """Every setting changed on some laptop, with its value (None: removed, back to the default)."""
    values = dict(store.db.execute("SELECT key, value FROM conference").fetchall())
    rows = store.db.execute("SELECT key, updated_at, device_id FROM conference_stamps ORDER BY key").fetchall()
    return [{"key": k, "value": values.get(k), "updated_at": at, "device": dev} for k, at, dev in rows
            if k in CONFERENCE_KEYS]


def merge_settings(store, records: list[dict]) -> int:
    """Settings from another laptop (checked by :func:`check_settings`); how many changed here."""
    changed = 0
    for r in records:
        here = store.db.execute("SELECT updated_at, device_id FROM conference_stamps WHERE key = ?",
                                [r["key"]]).fetchone()
        if not _later((r["updated_at"], r["device"]), tuple(here) if here else None):
            continue
        if r["value"] is None:
            store.db.execute("DELETE FROM conference WHERE key = ?", [r["key"]])
        else:
            store.db.execute("INSERT INTO conference (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [r["key"], r["value"]])
        store.db.execute("INSERT INTO conference_stamps (key, updated_at, device_id) VALUES (?, ?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET updated_at = excluded.updated_at, "
                         "device_id = excluded.device_id", [r["key"], r["updated_at"], r["device"]])
        changed += 1
    return changed


def check_settings(raw) -> list[dict]:
    """Settings as a package holds them, checked; ValidationError names what is wrong."""
    if not isinstance(raw, list):
        raise ValidationError(_("The package's print settings are not a list."))
    out = []
    for n, r in enumerate(raw, 1):
        if not isinstance(r, dict) or r.get("key") not in CONFERENCE_KEYS:
            raise ValidationError(_("Print setting {n} of the package is not one this program knows.").format(n=n))
        value = r.get("value")
        if value is not None and (not isinstance(value, str) or len(value) > MAX_SETTING):
            raise ValidationError(_("Print setting {n} of the package has no valid value.").format(n=n))
        if not all(isinstance(r.get(k), str) and len(r[k]) <= 200 for k in ("updated_at", "device")):
            raise ValidationError(_("Print setting {n} of the package has no valid time.").format(n=n))
        out.append({"key": r["key"], "value": None if value is None else body_text(value),
                    "updated_at": r["updated_at"], "device": r["device"]})
    return out
