"""The review queue, human corrections (kept over reruns, reused as a translation memory) and how
exports mark them."""

import json
import xml.etree.ElementTree as ET

from conftest import FakeSummariser, FakeTranslator, run_cli, store_articles

from summarize.engine import Pipeline, run
from summarize.store import Store
from summarize.store.records import ArticleRecord
from summarize.store.review import review_queue, risk

SHARED = "وقال المتحدث باسم الوزارة إن المفاوضات ستستأنف الأسبوع المقبل في العاصمة."
ARTICLES = {
    "a.txt": ["محادثات في العاصمة", "بدأت المحادثات بين الوفدين صباح اليوم بحضور الوسطاء.", SHARED],
    "b.txt": ["تقرير عن المفاوضات", SHARED, "وأكد الوسطاء أن الأجواء كانت إيجابية رغم الخلافات."],
}


def folder_of(tmp_path, articles):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, lines in articles.items():
        (folder / name).write_text("\n".join(lines), encoding="utf-8")
    return folder


def stored(tmp_path, translator=None):
    db = tmp_path / "r.db"
    run(folder_of(tmp_path, ARTICLES), pipeline=Pipeline(translator or FakeTranslator(), FakeSummariser()),
        store=Store(db))
    return db


def sentence(store, name, arabic):
    article = next(a for a in store_articles(store) if a["source_file"] == name)
    return article["id"], next(s for s in article["sentences"] if s["ar"] == arabic)


def test_a_correction_survives_reruns_and_is_reused_for_the_same_arabic(tmp_path):
    db = stored(tmp_path)
    with Store(db) as store:
        a_id, machine = sentence(store, "a.txt", SHARED)
        corrected = store.add_correction(a_id, machine["index"], "The ministry spokesman said talks resume next week.",
                                         by="Layla")
        assert corrected.en_source == "human" and corrected.machine_en == machine["en"]
    # a rerun with another model retranslates and stores every article again: the correction stays
    run(folder_of(tmp_path, ARTICLES), pipeline=Pipeline(FakeTranslator(model="other"), FakeSummariser()),
        store=Store(db))
    folder_of(tmp_path, {"c.txt": ["خبر جديد", SHARED]})  # the same sentence in an article stored later
    run(tmp_path / "in", pipeline=Pipeline(FakeTranslator(model="other"), FakeSummariser()), store=Store(db))
    with Store(db) as store:
        _, own = sentence(store, "a.txt", SHARED)
        assert own["en"] == "The ministry spokesman said talks resume next week." and own["en_source"] == "human"
        assert own["corrected_by"] == "Layla" and own["machine_en"].startswith("EN(")
        for name in ("b.txt", "c.txt"):  # the translation memory, recorded as such
            _, reused = sentence(store, name, SHARED)
            assert reused["en"] == own["en"] and reused["en_source"] == "memory"
        _, other = sentence(store, "b.txt", ARTICLES["b.txt"][2])
        assert other["en_source"] == "machine"
        # a second revision wins; both are kept
        store.add_correction(a_id, own["index"], "The spokesman said negotiations resume next week.", by="Omar")
        assert sentence(store, "b.txt", SHARED)[1]["en"] == "The spokesman said negotiations resume next week."
        assert store.db.execute("SELECT COUNT(*) FROM corrections").fetchone()[0] == 2
        hits = store.search("negotiations resume", lang="en")
        assert {h["source_file"] for h in hits} >= {"a.txt", "b.txt"}


def test_exports_use_and_mark_the_human_translation(tmp_path):
    db = stored(tmp_path)
    with Store(db) as store:
        a_id, machine = sentence(store, "a.txt", SHARED)
    result = run_cli("correct", str(a_id), str(machine["index"]), "  The spokesman said talks resume.  ",
                     "--by", "Layla", "--db", str(db))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    for fmt in ("jsonl", "tmx", "html"):
        done = run_cli("export", "--db", str(db), "--format", fmt, "-o", str(out / fmt))
        assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in (out / "jsonl").read_text(encoding="utf-8").splitlines()]
    marked = {(r["source_file"], s["en_source"]) for r in records for s in r["sentences"] if s["ar"] == SHARED}
    assert marked == {("a.txt", "human"), ("b.txt", "memory")}
    units = ET.parse(out / "tmx").getroot().iter("tu")
    human = [tu for tu in units if tu.get("changeid")]
    assert {tu.get("tuid") for tu in human} == {f"{a_id}-{machine['index']}", *(
        f"{r['id']}-{s['index']}" for r in records if r["source_file"] == "b.txt" for s in r["sentences"]
        if s["ar"] == SHARED)}
    for tu in human:
        assert tu.get("changeid") == "Layla" and len(tu.get("changedate")) == 16 and tu.get("changedate").endswith("Z")
        props = {p.get("type"): p.text for p in tu.iter("prop")}
        assert props["x-en-source"] in {"human", "memory"} and props["x-machine-en"].startswith("EN(")
        assert [seg.text for seg in tu.iter("seg")][1] == "The spokesman said talks resume."
    page = next((out / "html").glob("*.html")) if (out / "html").is_dir() else out / "html"
    html = page.read_text(encoding="utf-8")
    assert 'class="badge human" data-source="human"' in html and "Corrected by Layla" in html


def test_correct_refuses_what_does_not_exist_with_a_message(tmp_path):
    db = stored(tmp_path)
    for args, message in ((["999", "0", "x"], "no article 999"), (["1", "99", "x"], "has no sentence 99"),
                          (["1", "0", "   "], "is empty")):
        result = run_cli("correct", *args, "--db", str(db))
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    missing = run_cli("correct", "1", "0", "x", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2 and not (tmp_path / "none.db").exists()


def record(article_id, sentences):
    return ArticleRecord.from_dict({
        "id": article_id, "source_file": f"{article_id}.txt", "title": "t", "sentences": [
            {"index": i, "paragraph": 0, "ar": f"جملة {i}", "en": f"s{i}", "score": score,
             "flags": [{"name": n, "reason": "r"} for n in flags], "en_source": source}
            for i, (flags, score, source) in enumerate(sentences)]})


def test_the_queue_is_ordered_by_the_documented_risk():
    articles = [
        record(1, [((), -0.1, "machine"), (("length_ratio",), -0.2, "machine"), (("number_mismatch",), -0.3, "machine")]),
        record(2, [(("glossary_miss",), -0.1, "machine"), (("low_score", "repetition"), -4.0, "machine"),
                   (("number_mismatch",), -0.3, "human")]),
    ]
    queue = review_queue(articles)
    assert [(i.article_id, i.index) for i in queue] == [(2, 1), (2, 0), (1, 2), (1, 1)]
    assert [i.risk for i in queue] == [7.0, 5.1, 4.3, 1.2]  # flags' weights + doubt (capped at 2)
    assert risk([{"name": "something new"}], -0.5) == 1.5
    assert [i.index for i in review_queue(articles, limit=2)] == [1, 0]
    assert queue[0].reasons[0]["label"] == "Low model confidence"


def test_review_command_lists_flagged_sentences_most_risky_first(tmp_path):
    class Flagging(FakeTranslator):  # plain English, but a wrong year in one sentence: a number_mismatch
        def translate(self, texts):
            out = super().translate(texts)
            return [t.__class__(text="in 2023 the number of visitors rose to 1500 visitors" if "2024" in a
                                else " ".join(["word"] * len(a.split())), score=t.score) for a, t in zip(texts, out)]

    ARTICLES["a.txt"].append("وفي عام 2024 ارتفع عدد الزوار إلى 1500 زائر.")
    try:
        db = stored(tmp_path, Flagging())
    finally:
        ARTICLES["a.txt"].pop()
    result = run_cli("review", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    queue = json.loads(result.stdout)
    assert queue and queue[0]["ar"].startswith("وفي عام 2024")
    assert queue[0]["reasons"][0]["name"] == "number_mismatch"
    assert [q["risk"] for q in queue] == sorted((q["risk"] for q in queue), reverse=True)
    first = queue[0]
    assert run_cli("correct", str(first["article"]), str(first["sentence"]), "In 2024 visitors rose to 1,500.",
                   "--db", str(db)).returncode == 0
    after = json.loads(run_cli("review", "--db", str(db), "--json").stdout)
    assert (first["article"], first["sentence"]) not in {(q["article"], q["sentence"]) for q in after}
    text = run_cli("review", "--db", str(db), "--article", str(first["article"]))
    assert text.returncode == 0


def test_the_app_walks_the_queue_with_the_keyboard(tiny_models, tmp_path):
    from conftest import served
    from playwright.sync_api import sync_playwright
    from test_app import browser_or_skip

    executable = browser_or_skip()
    db = stored(tmp_path)  # the fake translator's English has numbers the Arabic has not: every sentence is flagged
    with Store(db) as store:
        before = review_queue(store.iter_articles())
    with served(db, tiny_models) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(url)
        page.get_by_role("tab", name="Review").click()
        info = page.locator("#review-info")
        info.get_by_text(f"Sentence 1 of {len(before)}").wait_for(timeout=30_000)
        assert page.locator("#review-arabic [dir=rtl]").inner_text() == before[0].ar
        english = page.locator("#review-english textarea, #review-english input").first
        assert english.input_value() == before[0].en
        page.locator("#review-editor textarea, #review-editor input").first.fill("Layla")
        english.fill("An editor's English.")
        english.press("Enter")
        page.locator("#review-status").get_by_text(f"{len(before) - 1} left").wait_for(timeout=30_000)
        info.get_by_text(f"Sentence 1 of {len(before) - 1}").wait_for(timeout=10_000)
        page.locator("#review-skip").click()
        info.get_by_text(f"Sentence 2 of {len(before) - 1}").wait_for(timeout=10_000)
        # in the library: open an article, pick a sentence (its English comes into the editor), correct it
        page.get_by_role("tab", name="Library").click()
        page.locator("#library-table [role=gridcell][data-testid='cell-0-0']").click()
        page.locator("#library-article .pair").first.wait_for(timeout=30_000)
        opened = int(page.locator("#library-table [role=gridcell][data-testid='cell-0-0']").inner_text())
        page.locator("#fix-index input").fill("1")
        page.locator("#fix-index input").press("Tab")
        fix = page.locator("#fix-english textarea, #fix-english input").first
        page.wait_for_function("e => e.value.length > 0", arg=fix.element_handle(), timeout=30_000)
        page.locator("#fix-editor textarea, #fix-editor input").first.fill("Omar")
        fix.fill("Corrected in the reading view.")
        fix.press("Enter")
        page.locator("#fix-status").get_by_text("Stored your English for sentence 1").wait_for(timeout=30_000)
        page.locator("#library-article .badge.human", has_text="Corrected by Omar").wait_for(timeout=10_000)
        browser.close()
    with Store(db) as store:
        first = store.article(before[0].article_id).sentences[before[0].index]
        assert first.en == "An editor's English." and first.corrected_by == "Layla" and first.en_source == "human"
        in_view = store.article(opened).sentences[1]
        assert in_view.en == "Corrected in the reading view." and in_view.corrected_by == "Omar"
        assert len(review_queue(store.iter_articles())) < len(before)
