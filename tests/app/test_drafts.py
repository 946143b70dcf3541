"""Drafts survive a restart: what a seat typed is on disk after every save and comes back intact."""

from __future__ import annotations

import json

from workstation.app.drafts import DraftStore, is_new, new_key, owner_name


def test_a_saved_new_case_draft_is_there_after_a_restart(tmp_path):
    store = DraftStore(tmp_path, "seat01")
    key = new_key()
    state = {"channel": "hotline", "description": "小区门口垃圾桶满溢三天了", "reporter": {"phone": "13905311234"}}
    store.save(key, state)

    again = DraftStore(tmp_path, "seat01")  # what the next start reads
    [draft] = again.new_cases()
    assert draft.key == key and is_new(draft.key)
    assert draft.state == state


def test_corrections_to_a_case_keep_the_version_they_were_made_on_and_go_when_discarded(tmp_path):
    store = DraftStore(tmp_path, "seat01")
    store.save("20261125000007", {"category_id": "SJ0110"}, version=3)
    assert DraftStore(tmp_path, "seat01").get("20261125000007").version == 3
    assert DraftStore(tmp_path, "seat01").new_cases() == []

    store.discard("20261125000007")
    assert DraftStore(tmp_path, "seat01").get("20261125000007") is None


def test_each_seat_and_server_has_its_own_drafts(tmp_path):
    one = owner_name("http://127.0.0.1:8000", "seat01")
    other = owner_name("http://127.0.0.1:9000", "seat01")
    assert one != other and "/" not in one
    DraftStore(tmp_path, one).save(new_key(), {"description": "甲"})
    assert DraftStore(tmp_path, other).new_cases() == []


def test_a_damaged_file_does_not_stop_the_seat(tmp_path):
    (tmp_path / "seat01.json").write_text("{not json", encoding="utf-8")
    store = DraftStore(tmp_path, "seat01")
    assert store.new_cases() == []
    store.save(new_key(), {"description": "乙"})
    assert json.loads((tmp_path / "seat01.json").read_text(encoding="utf-8"))["drafts"]
    assert not list(tmp_path.glob(".drafts-*"))  # no temporary file left behind
