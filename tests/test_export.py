"""Exports and search on the tiny-model run of the seeds."""

import html
import json

import html5lib
import pytest
from conftest import OFFLINE, SEEDS, run_cli
from translate.storage.tmx import tmxfile


@pytest.fixture(scope="module")
def articles(seeded):
    db, _, _ = seeded
    result = run_cli("export", "--db", str(db))
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_jsonl_has_flags_and_evidence(articles):
    for article in articles:
        assert all(isinstance(s["flags"], list) for s in article["sentences"])
        for key in ("summary_en_evidence", "summary_ar_evidence"):
            assert article[key], key
            for item in article[key]:
                assert set(item) >= {"sentence", "segments", "unsupported"}
                assert all(0 <= i < len(article["sentences"]) for i in item["segments"])
    flagged = [f["name"] for a in articles for s in a["sentences"] for f in s["flags"]]
    assert "untranslated" in flagged  # the tiny model writes Arabic-script nonsense
    assert "truncated_input" not in flagged


def test_run_report_counts_flags(seeded):
    _, _, result = seeded
    flags = json.loads(result.stdout)["flags"]
    assert flags["untranslated"] > 0 and "truncated_input" not in flags


def test_tmx_reads_back_with_translate_toolkit(seeded, articles, tmp_path):
    db, _, _ = seeded
    path = tmp_path / "seeds.tmx"
    assert run_cli("export", "--db", str(db), "--format", "tmx", "-o", str(path)).returncode == 0
    units = tmxfile(path.read_bytes()).units
    assert len(units) == sum(len(a["sentences"]) for a in articles)
    first = articles[0]["sentences"][0]
    assert units[0].source == first["ar"] and units[0].target == " ".join(first["en"].split())
    assert b"x-model" in path.read_bytes()


def test_moses_files_are_line_aligned(seeded, articles, tmp_path):
    db, _, _ = seeded
    assert run_cli("export", "--db", str(db), "--format", "moses", "-o", str(tmp_path / "seeds")).returncode == 0
    ar = (tmp_path / "seeds.ar").read_text(encoding="utf-8").splitlines()
    en = (tmp_path / "seeds.en").read_text(encoding="utf-8").splitlines()
    assert len(ar) == len(en) == sum(len(a["sentences"]) for a in articles)
    assert ar[0] == articles[0]["sentences"][0]["ar"]


def test_html_pages_parse_strictly_with_rtl_arabic(seeded, articles, tmp_path):
    db, _, _ = seeded
    folder = tmp_path / "html"
    assert run_cli("export", "--db", str(db), "--format", "html", "-o", str(folder)).returncode == 0
    pages = sorted(folder.glob("*.html"))
    assert len(pages) == len(articles) + 1
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for page in pages:
        tree = parser.parse(page.read_text(encoding="utf-8"))
        if page.name == "index.html":
            continue
        ar_cells = tree.findall(".//div[@class='ar']")
        assert ar_cells and all(c.get("dir") == "rtl" and c.get("lang") == "ar" for c in ar_cells)
        assert len(tree.findall(".//div[@class='en']")) == len(ar_cells)
        assert "@media print" in page.read_text(encoding="utf-8")
    one = tmp_path / "all.html"
    assert run_cli("export", "--db", str(db), "--format", "html", "--one-page", "-o", str(one)).returncode == 0
    parser.parse(one.read_text(encoding="utf-8"))


def test_search_matches_with_or_without_diacritics(seeded):
    db, _, _ = seeded
    plain = json.loads(run_cli("search", "داعش", "--db", str(db), "--json").stdout)
    marked = json.loads(run_cli("search", "دَاعِش", "--db", str(db), "--json").stdout)
    assert plain and {h["article_id"] for h in plain} == {h["article_id"] for h in marked}
    assert {p.name for p in SEEDS.glob("*.txt")} <= {h["source_file"] for h in plain}  # every seed mentions ISIS
    assert all("داعش" in h["text_ar"] for h in plain)
    alef = json.loads(run_cli("search", "افريقيا", "--db", str(db), "--json").stdout)
    assert any("أفريقيا" in h["text_ar"] or "إفريقيا" in h["text_ar"] for h in alef)
    none = json.loads(run_cli("search", "كلمةغيرموجودة", "--db", str(db), "--json").stdout)
    assert none == []


def _article(dropped):
    from summarize.store import ArticleRecord

    return ArticleRecord.from_dict({
        "id": 7, "source_file": "x.txt", "title": "عنوان الخبر", "dateline": None,
        "sentences": [{"index": 0, "paragraph": 0, "ar": "وقال الوزير إن الاجتماع انتهى.",
                       "en": "The minister said the meeting ended.", "score": -0.5, "flags": []}],
        "summary_ar": "ملخص", "summary_en": "A summary.", "summary_ar_evidence": [], "summary_en_evidence": [],
        "dropped": dropped,
        "models": {"translation": [{"model": "m", "revision": None, "backend": "transformers", "settings": {}}]},
    })


def test_article_html_lists_removed_lines_collapsed_and_escaped():
    from summarize.export.html import article_html, page

    dropped = [{"line": 2, "text": "شارك على فيسبوك", "reason": "share button"},
               {"line": 3, "text": "طباعة <b>&</b>", "reason": "print button"},
               {"line": 9, "text": "اقرأ أيضا", "reason": "read-more link"}]
    body = article_html(_article(dropped))
    assert '<details class="removed"><summary>Removed while cleaning (3 lines)</summary>' in body
    assert "<details class=\"removed\" open" not in body  # collapsed
    assert body.index('class="removed"') < body.index('class="summary"') < body.index('class="pairs"')
    for d in dropped:
        assert f'<td class="line">{d["line"]}</td><td lang="ar" dir="rtl">{html.escape(d["text"])}</td>' in body
        assert f'<td class="why">{d["reason"]}</td>' in body
    assert "<b>&</b>" not in body and "طباعة &lt;b&gt;&amp;&lt;/b&gt;" in body
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(page("t", body))
    rows = tree.findall(".//details[@class='removed']/table/tbody/tr")
    assert [r.find("td").text for r in rows] == ["2", "3", "9"]
    assert "Removed while cleaning (1 line)" in article_html(_article(dropped[:1]))


def test_article_html_without_removed_lines_has_no_block():
    from summarize.export.html import CSS, article_html

    for dropped in ([], None):
        body = article_html(_article(dropped))
        assert "removed" not in body and "Removed while cleaning" not in body
    assert ".removed" in CSS


def test_html_export_shows_each_articles_removed_lines(seeded, articles, tmp_path):
    db, _, _ = seeded
    folder = tmp_path / "html"
    assert run_cli("export", "--db", str(db), "--format", "html", "-o", str(folder)).returncode == 0
    article = next(a for a in articles if a["source_file"].startswith("003_"))
    text = next(folder.glob("*-003_*.html")).read_text(encoding="utf-8")
    n = len(article["dropped"])
    assert n and f"Removed while cleaning ({n} lines)" in text
    assert text.count("<td class=\"why\">") == n


def test_evidence_link_scrolls_to_its_sentence_in_a_browser(seeded, articles, tmp_path):
    """A summary's [n] link brings sentence n into view and highlights it (a link target needs a box:
    Chromium cannot scroll to an element with display: contents)."""
    from playwright.sync_api import sync_playwright
    from test_app import browser_or_skip

    executable = browser_or_skip()
    db, _, _ = seeded
    folder = tmp_path / "html"
    assert run_cli("export", "--db", str(db), "--format", "html", "-o", str(folder)).returncode == 0
    article = next(a for a in articles if a["source_file"].startswith("003_"))
    anchor = f"a{article['id']}-s{article['sentences'][-1]['index']}"  # far down the page
    page_file = next(folder.glob("*-003_*.html"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1366, "height": 600})
        page.goto(page_file.resolve().as_uri())
        assert page.locator(f"#{anchor}").bounding_box()["y"] > 600  # not in view at first
        page.evaluate(f"() => {{ const a = document.createElement('a'); a.href = '#{anchor}'; a.id = 'probe';"
                      " a.textContent = 'go'; document.body.prepend(a); }")
        page.locator("#probe").click()  # a link to the sentence, as a summary's [n] is
        page.wait_for_function(f"location.hash === '#{anchor}'")
        box = page.locator(f"#{anchor}").bounding_box()
        assert 0 <= box["y"] < 600  # scrolled into view
        background = page.locator(f"#{anchor} > div.en").evaluate("e => getComputedStyle(e).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted as the target
        browser.close()


@pytest.fixture(scope="module")
def own_articles(tiny_models, tmp_path_factory):
    """The seeds run once with the default settings into a database of this module's own (the
    session's shared database also holds other tests' runs)."""
    db = tmp_path_factory.mktemp("export") / "own.db"
    result = run_cli("run", str(SEEDS), "--db", str(db), "--translation-model", str(tiny_models.marian),
                     "--summary-model", str(tiny_models.mt5), env=OFFLINE)
    assert result.returncode == 0, result.stderr
    exported = run_cli("export", "--db", str(db))
    return db, [json.loads(line) for line in exported.stdout.splitlines()]


def test_the_reading_view_says_what_it_shows(own_articles):
    """English headline over the Arabic, a machine-translation notice, labelled summaries, a flag
    legend whose counts add up, plain-English flag names, back-links from sentences to summaries."""
    from summarize.export.html import NOTICE, SUMMARY_KINDS, article_html, flag_label
    from summarize.store import ArticleRecord

    _, articles = own_articles
    record = ArticleRecord.from_dict(next(a for a in articles if a["source_file"].startswith("003_")))
    body = article_html(record)
    tree = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False).parse(body)
    assert record.headline_en and tree.find(".//h1").text == record.headline_en
    assert tree.find(".//p[@class='headline-ar']").text == record.title
    assert html.escape(NOTICE) in body
    kinds = [s.text for s in tree.findall(".//span[@class='kind']")]
    assert kinds == [SUMMARY_KINDS["translate-then-summarise"], SUMMARY_KINDS["monolingual"]]
    legend = {li.find("span").text: li.find("span[@class='count']").text for li in tree.findall(".//section[@class='legend']//li")}
    counts = record.flag_counts()
    assert counts and legend == {flag_label(k): f"{n} sentence" + ("s" if n != 1 else "") for k, n in counts.items()}
    assert "_" not in "".join(legend)  # plain words, not snake_case
    pairs = tree.findall(".//div[@class='pairs']/div")
    assert sum("flagged" in d.get("class") for d in pairs) == record.flagged
    cited = {a.get("href") for a in tree.findall(".//span[@class='cited']/a")}
    expected = {f"#a{record.id}-{lang}{j}" for lang in ("en", "ar")
                for j, item in enumerate(record.summary(lang).evidence, 1) if item.get("evidence", item["segments"])}
    assert cited == expected  # every summary sentence with evidence is linked back from its sentences
    synthetic = _article([])  # and a summary sentence citing sentence 0 is linked from it
    synthetic = ArticleRecord.from_dict({**synthetic.as_dict(), "summary_en_evidence": [
        {"sentence": "A summary.", "segments": [0], "evidence": [0], "unsupported": False, "flags": []}]})
    assert '<span class="cited">cited by <a href="#a7-en1">EN summary 1</a></span>' in article_html(synthetic)


def test_flagged_only_filter_and_phone_layout_in_a_browser(own_articles, tmp_path):
    from playwright.sync_api import sync_playwright
    from test_app import browser_or_skip

    executable = browser_or_skip()
    from summarize.export.html import write_html
    from summarize.store import ArticleRecord

    _, articles = own_articles
    article = next(a for a in articles if a["source_file"].startswith("003_"))
    # the tiny models flag nearly every sentence: keep the flags of every third one only
    article["sentences"] = [{**s, "flags": s["flags"] if i % 3 == 0 else []} for i, s in enumerate(article["sentences"])]
    flagged = sum(1 for s in article["sentences"] if s["flags"])
    assert 0 < flagged < len(article["sentences"])
    (written,) = write_html([ArticleRecord.from_dict(article)], tmp_path / "one.html", one_page=True)
    page_file = written.resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(page_file)
        pairs = page.locator(".pair")
        assert sum(pairs.nth(i).is_visible() for i in range(pairs.count())) == len(article["sentences"])
        page.locator(".only-flagged").check()
        assert sum(pairs.nth(i).is_visible() for i in range(pairs.count())) == flagged
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(page_file)
        pair = phone.locator(".pair").nth(1)
        ar, en = pair.locator("div.ar").bounding_box(), pair.locator("div.en").bounding_box()
        assert en["y"] >= ar["y"] + ar["height"] - 1 and ar["width"] > 300  # stacked, full width
        assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0  # no sideways scroll
        browser.close()


def test_plain_text_export(own_articles, tmp_path):
    db, _ = own_articles
    result = run_cli("export", "--db", str(db), "--format", "text", "-o", str(tmp_path / "text"))
    assert result.returncode == 0, result.stderr
    files = sorted((tmp_path / "text").glob("*.txt"))
    assert len(files) == 5
    text = files[0].read_text(encoding="utf-8")
    assert "Machine translation" in text and "English summary (" in text and "Translation:" in text
