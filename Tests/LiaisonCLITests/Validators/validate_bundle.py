"""Checks a liaison bundle with tools no one on the project wrote.

Usage: validate_bundle.py BUNDLE.zip WORKDIR

Unzips the bundle into WORKDIR, then: bagit validates the bag; vobject parses every card;
icalendar parses every event and to-do; libhxl reads every CSV with its hashtags; geojson
checks the map. The expectations come from the bundle's own JSON Lines records, so every
name in every script must come through each format intact. Prints a JSON summary and
exits non-zero on the first problem.
"""
import datetime
import json
import os
import sys
import zipfile

import bagit
import geojson
import hxl
import icalendar
import vobject


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def records(bag_dir, kind):
    with open(os.path.join(bag_dir, "data", "records", kind + ".jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    bundle, workdir = sys.argv[1], sys.argv[2]
    with zipfile.ZipFile(bundle) as z:
        if z.testzip() is not None:
            fail("zip: a damaged entry")
        tops = {name.split("/")[0] for name in z.namelist()}
        if len(tops) != 1:
            fail(f"zip: expected one top-level folder, got {tops}")
        z.extractall(workdir)
    bag_dir = os.path.join(workdir, tops.pop())
    summary = {}

    # BagIt: manifests, tag manifest, Payload-Oxum.
    bag = bagit.Bag(bag_dir)
    bag.validate(processes=1)
    if bag.version != "1.0":
        fail(f"bagit: version {bag.version}")
    summary["bagit"] = {"valid": True, "payload_files": len(list(bag.payload_files()))}

    contacts = records(bag_dir, "contacts")
    meetings = records(bag_dir, "meetings")

    # vCard 4.0: one card per contact not deleted, its name intact.
    with open(os.path.join(bag_dir, "data", "contacts.vcf"), encoding="utf-8") as f:
        cards = list(vobject.readComponents(f.read()))
    live = [c for c in contacts if "deleted_at" not in c]
    if len(cards) != len(live):
        fail(f"vcard: {len(cards)} cards for {len(live)} contacts")
    by_uid = {card.uid.value: card for card in cards}
    for contact in live:
        card = by_uid.get("urn:uuid:" + contact["id"].lower())
        if card is None:
            fail(f"vcard: no card for {contact['id']}")
        if card.version.value != "4.0":
            fail("vcard: not version 4.0")
        names = [fn.value for fn in card.contents["fn"]]
        if names[0] != contact["name"]:
            fail(f"vcard: name {names[0]!r} is not {contact['name']!r}")
        if contact["local_name"] and contact["local_name"] != contact["name"] and contact["local_name"] not in names:
            fail(f"vcard: local name {contact['local_name']!r} missing")
        phones = [tel.value for tel in card.contents.get("tel", [])]
        if phones != contact["phones"]:
            fail(f"vcard: phones {phones} are not {contact['phones']}")
    summary["vcard"] = {"cards": len(cards), "scripts_checked": len({c["name"][:1] for c in live})}

    # iCalendar: an event per meeting with its start at the right instant, a to-do per follow-up.
    with open(os.path.join(bag_dir, "data", "meetings.ics"), "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    # A deleted record leaves as its id and when it was deleted: it has no event.
    names_by_id = {c["id"].lower(): c["name"] for c in contacts if "deleted_at" not in c}
    meetings = [m for m in meetings if "deleted_at" not in m]
    todos = list(calendar.walk("VTODO"))
    if len(events) != len(meetings):
        fail(f"icalendar: {len(events)} events for {len(meetings)} meetings")
    for meeting in meetings:
        event = events.get(meeting["id"].lower())
        if event is None:
            fail(f"icalendar: no event for {meeting['id']}")
        start = event.decoded("DTSTART")
        expected = datetime.datetime.fromisoformat(meeting["start"].replace("Z", "+00:00"))
        if start.tzinfo is None or start != expected:
            fail(f"icalendar: {meeting['id']} starts at {start}, not {expected}")
        if str(event["SUMMARY"]) != meeting["title"]:
            fail(f"icalendar: title {event['SUMMARY']!r} is not {meeting['title']!r}")
        attendees = event.get("ATTENDEE", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        if len(attendees) != len(meeting["attendees"]):
            fail(f"icalendar: {meeting['id']} has {len(attendees)} attendees, not {len(meeting['attendees'])}")
        for attendee in attendees:
            contact_id = str(attendee).removeprefix("urn:uuid:")
            name = names_by_id.get(contact_id)
            if name is not None and attendee.params["CN"] != name:
                fail(f"icalendar: attendee {attendee.params['CN']!r} is not {name!r}")
        if meeting.get("duration_minutes"):
            if event.decoded("DURATION") != datetime.timedelta(minutes=meeting["duration_minutes"]):
                fail(f"icalendar: duration of {meeting['id']}")
    follow_ups = sum(len(m["follow_ups"]) for m in meetings)
    if len(todos) != follow_ups:
        fail(f"icalendar: {len(todos)} to-dos for {follow_ups} follow-ups")
    summary["icalendar"] = {"events": len(events), "todos": len(todos)}

    # HXL: every CSV reads with its hashtags, one row per record.
    required = {
        "contacts": ["#meta+id", "#contact+name", "#org+name", "#adm1+name", "#loc+name"],
        "meetings": ["#meta+id", "#event+name", "#date+start", "#loc+name", "#adm1+name", "#geo+lat", "#geo+lon", "#description+summary"],
        "grievances": ["#meta+id", "#status", "#severity", "#description", "#date+reported", "#adm1+name"],
        "feedback": ["#meta+id", "#description", "#date+received"],
    }
    summary["hxl"] = {}
    for kind, tags in required.items():
        source = hxl.data(os.path.join(bag_dir, "data", "csv", kind + ".csv"), hxl.InputOptions(allow_local=True))
        present = [column.display_tag for column in source.columns]
        for tag in tags:
            if tag not in present:
                fail(f"hxl: {kind}.csv has no {tag} (has {present})")
        rows = list(source)
        expected = len(records(bag_dir, kind))
        if len(rows) != expected:
            fail(f"hxl: {kind}.csv has {len(rows)} rows for {expected} records")
        if kind == "contacts":
            names = [row.get("#contact+name") or "" for row in rows]
            if names != [c.get("name", "") for c in contacts]:
                fail("hxl: contact names differ from the records")
        summary["hxl"][kind] = len(rows)

    # GeoJSON: a valid FeatureCollection of the meetings with coordinates.
    with open(os.path.join(bag_dir, "data", "meetings.geojson"), encoding="utf-8") as f:
        collection = geojson.load(f)
    if not collection.is_valid or collection["type"] != "FeatureCollection":
        fail(f"geojson: not a valid FeatureCollection: {collection.errors()}")
    placed = [m for m in meetings if m.get("latitude") is not None and "deleted_at" not in m]
    if len(collection["features"]) != len(placed):
        fail(f"geojson: {len(collection['features'])} features for {len(placed)} placed meetings")
    features = {feature["id"]: feature for feature in collection["features"]}
    for meeting in placed:
        feature = features.get(meeting["id"].lower())
        if feature is None:
            fail(f"geojson: no feature for {meeting['id']}")
        lon, lat = feature["geometry"]["coordinates"]
        # The geojson package rounds positions to 6 decimals (about 10 cm) as it reads them.
        if abs(lat - meeting["latitude"]) > 1e-6 or abs(lon - meeting["longitude"]) > 1e-6:
            fail(f"geojson: {meeting['id']} is at {lat},{lon}")
    summary["geojson"] = {"features": len(collection["features"])}

    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
