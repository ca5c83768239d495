"""Stories across outlets on a hand-written set (tests/data/stories, written for this project): the
clustering, the disagreements and updates, the dates, the brief in a browser, the watchlist and feed."""

import dataclasses
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import OFFLINE, ROOT, run_cli

from summarize.sources.files import read_article
from summarize.store import Store
from summarize.stories import stories, update_stories
from summarize.stories.cluster import Clusterer, Item, article_day, cluster, features
from summarize.stories.facts import sentence_facts

DATA = ROOT / "tests" / "data" / "stories"
MANIFEST = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
FAST = ["--summariser", "lead"]


def expected_groups() -> set[frozenset[str]]:
    groups = MANIFEST["stories"]
    return {frozenset(groups["A"]), frozenset(groups["B"]),
            *(frozenset([name]) for name in groups["hard_negative"] + groups["singletons"])}


def run_folder(folder, db, models, *extra):
    result = run_cli("run", str(folder), "--db", str(db), "--translation-model", str(models.marian), *FAST, "--json",
                     *extra, env=OFFLINE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def stored_groups(db) -> set[frozenset[str]]:
    with Store(db) as store:
        return {frozenset(a.source_file for a in view.articles) for view in stories(store)}


@pytest.fixture(scope="module")
def archive(tiny_models, tmp_path_factory):
    """The set stored in two runs (half, then all): stories are made incrementally."""
    root = tmp_path_factory.mktemp("stories")
    folder, db = root / "in", root / "s.db"
    folder.mkdir()
    names = sorted(p.name for p in DATA.glob("*.txt"))
    for name in names[::2]:
        shutil.copy(DATA / name, folder / name)
    run_cli("watch", "add", "المحلة الكبرى", "--db", str(db))
    first = run_folder(folder, db, tiny_models)
    for name in names[1::2]:
        shutil.copy(DATA / name, folder / name)
    second = run_folder(folder, db, tiny_models)
    return {"db": db, "folder": folder, "first": first, "second": second, "models": tiny_models, "root": root}


def test_the_set_is_clustered_exactly_and_incrementally(archive):
    assert stored_groups(archive["db"]) == expected_groups()
    with Store(archive["db"]) as store:
        assert update_stories(store) == []  # every article already has its story: nothing redone
        added = [r["added_at"] for r in store.story_rows()]
    assert len(set(added)) >= 2  # the second run clustered only its own articles
    assert archive["second"]["stories_joined"] == 3  # a2, a4 and b2 joined the stories of the first run


def test_clustering_everything_at_once_gives_the_same_stories():
    names = {item.article_id: name for name, item in items()}
    found = cluster(item for _, item in items())
    assert {frozenset(names[a] for a in members) for members in found.values()} == expected_groups()


def items():
    out = []
    for i, path in enumerate(sorted(DATA.glob("*.txt")), 1):
        doc = read_article(path)
        out.append((path.name, Item(i, path.name, article_day({}, doc.text, ""), features(f"{doc.title}\n{doc.text}"))))
    return out


def test_the_hard_negative_stays_apart_even_on_the_same_day():
    found = dict(items())
    day = found[MANIFEST["stories"]["A"][0]].day
    moved = [dataclasses.replace(item, day=day) if name in MANIFEST["stories"]["hard_negative"] else item
             for name, item in found.items()]
    clusterer = Clusterer()
    keys = {item.article_id: clusterer.add(item)[0] for item in sorted(moved, key=lambda i: (i.day, i.article_id))}
    by_name = {name: keys[item.article_id] for name, item in found.items()}
    story_a = {by_name[n] for n in MANIFEST["stories"]["A"]}
    assert len(story_a) == 1 and by_name[MANIFEST["stories"]["hard_negative"][0]] not in story_a


def story_of(db, name):
    with Store(db) as store:
        for view in stories(store):
            if name in {a.source_file for a in view.articles}:
                return view.as_dict(), {a.id: a.source_file for a in view.articles}
    raise AssertionError(name)


def test_a_disagreement_on_a_count_with_both_values_and_their_sentences(archive):
    result = run_cli("stories", "--db", str(archive["db"]), "--json")
    assert result.returncode == 0, result.stderr
    views = json.loads(result.stdout)
    story = next(v for v in views if MANIFEST["stories"]["A"][0] in {m["source_file"] for m in v["members"]})
    files = {m["article"]: m["source_file"] for m in story["members"]}
    for expected in (d for d in MANIFEST["disagreements"] if d["story"] == "A"):
        found = next(d for d in story["disagreements"] if d["kind"] == expected["kind"])
        for value, names in expected["values"].items():
            given = [v for v in found["values"] if v["value"] == value]
            assert set(names) <= {files[v["article"]] for v in given}, (expected["kind"], value)
            for v in given:  # each value points to the sentence that states it
                assert v["text"] and v["sentence"] >= 0
    deaths = next(d for d in story["disagreements"] if d["kind"] == "deaths")
    assert {v["value"] for v in deaths["values"]} == {"12", "15"}
    b = next(v for v in views if MANIFEST["stories"]["B"][0] in {m["source_file"] for m in v["members"]})
    dates = next(d for d in b["disagreements"] if d["kind"] == "date")
    assert {v["value"] for v in dates["values"]} == {"2025-05-12", "2025-05-13"}
    assert [m["outlet"] for m in story["members"]][:1] == [MANIFEST["articles"][files[story["members"][0]["article"]]]
                                                          ["outlet"]]


def test_who_only_some_sources_name(archive):
    story, files = story_of(archive["db"], MANIFEST["stories"]["A"][0])
    named = {n["name"]: sorted(files[a] for a in n["articles"]) for n in story["named_by_some"]}
    assert named == {"هشام الدسوقي": ["a3_fire_nahar.txt"],
                     "طارق منصور": ["a1_fire_sharqiya.txt", "a2_fire_wadi.txt", "a4_fire_sharqiya_update.txt"]}


def test_an_update_is_recognised_not_hidden(archive):
    story, files = story_of(archive["db"], MANIFEST["stories"]["A"][0])
    (expected,) = MANIFEST["updates"]
    (update,) = [u for u in story["updates"] if u["kind"] == expected["kind"]]
    assert files[update["article"]] == expected["file"] and update["value"] == str(expected["to"])
    assert update["from"] == [str(expected["from"])] and "15" in update["text"]


@pytest.mark.parametrize("entry", MANIFEST["dates"], ids=lambda e: f"{e['file']}-{e['calendar']}")
def test_hijri_and_gregorian_dates_are_normalised(entry):
    text = (DATA / entry["file"]).read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if entry["text"] in line)
    dates = {f.value for f in sentence_facts(sentence, 0, 0) if f.kind == "date"}
    assert entry["iso"] in dates


def test_counts_are_read_with_what_they_count():
    facts = sentence_facts("لقي 12 شخصا حتفهم وأصيب ٣٠ آخرون، فيما بقي ستة من المصابين في العناية المركزة.", 1, 0)
    assert [(f.kind, f.value) for f in facts] == [("deaths", "12"), ("injured", "30")]
    update = sentence_facts("وارتفعت حصيلة ضحايا الانهيار إلى واحد وعشرين قتيلا.", 1, 0)
    assert [(f.kind, f.value, f.update) for f in update] == [("deaths", "21", True)]
    assert sentence_facts("ارتفعت أسعار الوقود بنسبة 5 بالمئة.", 1, 0) == []  # a rise, not a count
    verbs = sentence_facts("وقُتل ثلاثة أشخاص وجُرح 40 آخرون، واعتقلت الشرطة 7 مشتبهين.", 1, 0)
    assert [(f.kind, f.value) for f in verbs] == [("deaths", "3"), ("injured", "40"), ("arrested", "7")]


def test_the_brief_links_resolve_to_sentences_in_chromium(archive):
    from playwright.sync_api import sync_playwright
    from test_app import browser_or_skip

    executable = browser_or_skip()
    brief = archive["root"] / "brief.html"
    result = run_cli("brief", "--db", str(archive["db"]), "-o", str(brief))
    assert result.returncode == 0, result.stderr
    markdown = archive["root"] / "brief.md"
    assert run_cli("brief", "--db", str(archive["db"]), "-o", str(markdown)).returncode == 0
    assert "Sources disagree — Deaths" in markdown.read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(brief.as_uri())
        links = page.locator("a[href^='#']")
        targets = {links.nth(i).get_attribute("href")[1:] for i in range(links.count())}
        assert links.locator("xpath=ancestor::div[contains(@class,'summary')]").count() > 0  # summary citations
        assert page.locator(".disagree").count() >= 2 and page.locator(".update").count() == 1
        assert page.locator(".named").count() == 2  # one line for each story of several articles
        for target in targets:
            assert page.locator(f"[id='{target}']").count() == 1, target  # every link lands on a sentence
        first = page.locator(".disagree a").first
        target = first.get_attribute("href")[1:]
        first.click()
        page.wait_for_function(f"location.hash === '#{target}'")
        cited = page.locator(f"[id='{target}']")
        assert cited.locator("[dir=rtl]").inner_text().strip() and cited.is_visible()
        browser.close()


def test_watchlist_and_a_valid_atom_feed(archive):
    assert any(hit["term"] == "المحلة الكبرى" for hit in archive["first"]["watch_hits"] + archive["second"]["watch_hits"])
    listed = run_cli("watch", "list", "--json", "--db", str(archive["db"]))
    assert [t["term"] for t in json.loads(listed.stdout)] == ["المحلة الكبرى"]
    feed = archive["root"] / "feed.xml"
    assert run_cli("feed", "--db", str(archive["db"]), "-o", str(feed)).returncode == 0
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.parse(feed).getroot()
    assert root.tag == f"{atom}feed" and root.find(f"{atom}id").text and root.find(f"{atom}updated").text
    entries = root.findall(f"{atom}entry")
    assert len(entries) == len(list(DATA.glob("*.txt"))) + 2  # every article, and the two stories
    for entry in entries:  # what RFC 4287 requires of an entry
        assert entry.find(f"{atom}id").text and entry.find(f"{atom}title").text is not None
        assert entry.find(f"{atom}updated").text and entry.find(f"{atom}link").get("href")
    watched = [e for e in entries if e.find(f"{atom}category") is not None]
    assert len(watched) == len(MANIFEST["stories"]["A"]) and entries[: len(watched)] == watched  # first
    assert all(e.find(f"{atom}category").get("term") == "المحلة الكبرى" for e in watched)
    assert run_cli("watch", "remove", "غير موجود", "--db", str(archive["db"])).returncode == 2


def test_watching_an_english_term(tmp_path):
    from summarize.store.records import ArticleRecord
    from summarize.stories.watch import hits

    article = ArticleRecord.from_dict({"id": 1, "source_file": "x.txt", "title": "عنوان", "sentences": [
        {"index": 0, "paragraph": 0, "ar": "قال الوزير", "en": "The Minister of Finance said", "score": -0.1},
        {"index": 1, "paragraph": 0, "ar": "وزارة", "en": "the ministry financed it", "score": -0.1}]})
    found = hits([article], [{"term": "minister of finance", "lang": "en"}, {"term": "finance", "lang": "en"}])
    assert [(h["term"], h["sentences"]) for h in found] == [("minister of finance", [0]), ("finance", [0])]


def test_the_server_serves_the_feed_and_stories(archive, tmp_path):
    import urllib.request

    from conftest import served

    db = tmp_path / "copy.db"
    shutil.copy(archive["db"], db)
    with served(db, archive["models"]) as url:
        with urllib.request.urlopen(url + "api/v1/feed.atom", timeout=60) as response:
            assert response.headers["Content-Type"].startswith("application/atom+xml")
            assert ET.fromstring(response.read()).tag == "{http://www.w3.org/2005/Atom}feed"
        with urllib.request.urlopen(url + "api/v1/stories", timeout=60) as response:
            items = json.loads(response.read())["items"]
    assert {frozenset(m["source_file"] for m in s["members"]) for s in items} == expected_groups()


def test_stories_on_a_missing_database_is_a_message(tmp_path):
    result = run_cli("stories", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2 and "Traceback" not in result.stderr and not Path(tmp_path / "none.db").exists()
