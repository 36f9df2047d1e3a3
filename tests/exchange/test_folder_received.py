"""What came from which laptop: every group it sent, and only the comments that came from others."""
from __future__ import annotations

from reviewer.exchange import SyncState, sync_once
from tests.exchange.helpers import laptop


def test_a_laptop_that_sent_two_groups_is_listed_with_both_and_own_comments_are_not_counted(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    a, draft = laptop(tmp_path, "a")  # the secretary of Tổ 1 also typed Tổ 2's comments
    c, _ = laptop(tmp_path, "c")  # this laptop
    for i in range(2):
        a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text=f"Tổ 1, ý {i}")
    a.add_comment(draft_id=draft, section_id="s2", group="Tổ 2", text="Tổ 2")
    mine = c.add_comment(draft_id=draft, section_id="s3", group="Tổ 3", text="của máy này")
    c_state = SyncState()
    sync_once(c, folder, state=c_state)
    sync_once(a, folder)  # a's package now also carries c's comment back
    sync_once(c, folder, state=c_state)
    device, = c.exchange.received(draft)["devices"]
    assert device["device"] == a.device_id and device["group"] == "Tổ 1"
    assert device["groups"] == [{"group": "Tổ 1", "comments": 2}, {"group": "Tổ 2", "comments": 1}]
    assert device["comments"] == 3 and device["tombstones"] == 0
    groups = {g["group"]: g for g in c.exchange.received(draft)["groups"]}
    assert groups["Tổ 3"]["last_received"] is None  # nothing of Tổ 3 came from elsewhere
    assert groups["Tổ 1"]["devices"] == 1 and groups["Tổ 2"]["devices"] == 1
    # Deleting one's own comment elsewhere does not count as a deletion received either.
    a.delete_comment(mine.id)
    sync_once(a, folder)
    sync_once(c, folder, state=c_state)
    device, = c.exchange.received(draft)["devices"]
    assert device["comments"] == 3 and device["tombstones"] == 0
    a.close()
    c.close()
