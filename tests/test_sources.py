"""Articles as people have them: saved web pages, news dumps, URLs, and folders with other files.

The pages and records below were written for this project (no outlet's text)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import FakeSummariser, FakeTranslator

from summarize.engine import Pipeline, run
from summarize.errors import InputError
from summarize.sources.dumps import Fields
from summarize.sources.fetch import FetchOptions, fetch
from summarize.sources.files import read_article
from summarize.sources.folder import items, scan
from summarize.store import Store

BODY = ["قال وزير الزراعة إن إنتاج القمح ارتفع هذا العام بنسبة 12 في المئة مقارنة بالعام الماضي بفضل الأمطار.",
        "وأضاف الوزير في مؤتمر صحفي عقده في العاصمة أن الحكومة ستشتري المحصول من المزارعين بسعر جديد.",
        "وأوضح أن الصوامع الجديدة في ثلاث محافظات ستستقبل نحو مليوني طن من الحبوب حتى نهاية الشهر المقبل."]
TITLE = "ارتفاع إنتاج القمح بنسبة 12 في المئة"
BOILERPLATE = ["الرئيسية", "اقتصاد", "شارك على فيسبوك", "شارك على تويتر", "أخبار ذات صلة",
               "أسعار الذهب تتراجع في الأسواق المحلية", "التعليقات", "أضف تعليقك", "جميع الحقوق محفوظة"]


def page(title=TITLE, body=BODY, author="سارة منصور", date="2025-04-17", site="صحيفة المثال"):
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title} | {site}</title><meta name="author" content="{author}">
<meta property="article:published_time" content="{date}T09:30:00+03:00"><meta property="og:site_name" content="{site}">
</head><body><header><nav><a href="/">الرئيسية</a> / <a href="/economy">اقتصاد</a></nav>
<ul class="menu"><li><a href="/politics">سياسة</a></li><li><a href="/sport">رياضة</a></li></ul></header>
<main><article><h1>{title}</h1><p class="byline">بقلم {author}</p>{paragraphs}
<div class="share"><a href="#">شارك على فيسبوك</a> <a href="#">شارك على تويتر</a></div></article>
<aside class="related"><h3>أخبار ذات صلة</h3><ul><li><a href="/a">أسعار الذهب تتراجع في الأسواق المحلية</a></li>
<li><a href="/b">افتتاح معرض الكتاب الدولي في دورته الجديدة</a></li></ul></aside>
<section id="comments" class="comments"><h3>التعليقات</h3><div class="comment"><p>أضف تعليقك</p>
<p>هذا خبر رائع ونتمنى استمرار هذا التحسن في السنوات القادمة</p></div></section></main>
<footer><p>جميع الحقوق محفوظة</p></footer></body></html>"""


def test_a_saved_web_page_gives_the_article_and_its_metadata(tmp_path):
    path = tmp_path / "wheat.html"
    path.write_text(page(), encoding="utf-8")
    doc = read_article(path)
    assert doc.title == TITLE  # without the site's suffix
    assert all(any(sentence in p for p in doc.paragraphs) for sentence in BODY)
    text = doc.text
    assert not any(line in text for line in BOILERPLATE) and "هذا خبر رائع" not in text  # no comment, no menu
    assert doc.metadata["author"] == "سارة منصور" and doc.metadata["date"] == "2025-04-17"
    assert doc.metadata["site"] == "صحيفة المثال"


def test_html_inside_a_txt_file_takes_the_same_path(tmp_path):
    (tmp_path / "saved.txt").write_text(page(), encoding="utf-8")
    doc = read_article(tmp_path / "saved.txt")
    assert doc.title == TITLE and "الرئيسية" not in doc.text and doc.metadata["author"] == "سارة منصور"


def test_a_folder_of_pages_is_run_and_stored_with_metadata(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_text(page(), encoding="utf-8")
    (folder / "b.htm").write_text(page(title="افتتاح سوق جديد للخضار في المدينة", body=[s.replace("القمح", "الخضار")
                                                                                          for s in BODY]),
                                  encoding="utf-8")
    store = Store(tmp_path / "db.sqlite")
    report = run(folder, pipeline=Pipeline(FakeTranslator(), FakeSummariser()), store=store)
    assert report.articles_processed == 2 and report.articles_failed == 0
    stored = {a.source_file: a for a in store.iter_articles()}
    assert set(stored) == {"a.html", "b.htm"}
    assert stored["a.html"].metadata["author"] == "سارة منصور" and stored["a.html"].title == TITLE


# --- news dumps --------------------------------------------------------------------------------------

def records():
    return [{"id": "w-1", "headline": TITLE, "content": "\n".join(BODY), "link": "https://example.org/w-1",
             "published": "2025-04-17", "author": "سارة منصور"},
            {"id": "w-2", "headline": "افتتاح سوق جديد للخضار", "content": "\n".join(BODY[1:]),
             "link": "https://example.org/w-2", "published": "2025-04-18"}]


def test_a_jsonl_dump_with_a_bad_record(tmp_path):
    dump = tmp_path / "dump.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in records()]
    dump.write_text("\n".join([lines[0], "{not json", lines[1], json.dumps({"id": "w-3", "headline": "بلا نص"})]) + "\n",
                    encoding="utf-8")
    found, skipped = items(dump)
    loaded = {}
    for name, key, load in found:
        try:
            loaded[name] = load()
        except InputError as e:
            loaded[name] = e
    assert list(loaded) == ["dump.jsonl#w-1", "dump.jsonl#line 2", "dump.jsonl#w-2", "dump.jsonl#w-3"]
    assert "line 2 is not valid JSON" in loaded["dump.jsonl#line 2"].problem
    assert "line 4 has no article text" in loaded["dump.jsonl#w-3"].problem
    first = loaded["dump.jsonl#w-1"]
    assert first.title == TITLE and first.metadata["url"] == "https://example.org/w-1"
    assert first.metadata["date"] == "2025-04-17" and first.metadata["author"] == "سارة منصور"


def test_a_csv_dump_with_a_bad_record_runs_and_resumes_per_record(tmp_path):
    import csv

    dump = tmp_path / "dump.csv"
    with dump.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["story_id", "head", "story", "when"])
        for r in records():
            writer.writerow([r["id"], r["headline"], r["content"], r["published"]])
        writer.writerow(["w-3", "سطر زائد", "نص", "2025-04-19", "خلية زائدة"])  # one cell too many
    fields = Fields(text="story", title="head", date="when", id="story_id")
    store = Store(tmp_path / "db.sqlite")
    translator = FakeTranslator()
    report = run(dump, pipeline=Pipeline(translator, FakeSummariser()), store=store, fields=fields)
    assert report.articles_processed == 2 and report.articles_failed == 1
    assert report.errors[0]["file"].startswith("dump.csv#") and "has 5 cells" in report.errors[0]["error"]
    assert {a.source_file for a in store.iter_articles()} == {"dump.csv#w-1", "dump.csv#w-2"}
    calls = len(translator.calls)
    again = run(dump, pipeline=Pipeline(translator, FakeSummariser()), store=store, fields=fields)
    assert len(translator.calls) == calls and again.sentences_translated == 0  # per record: nothing redone


# --- folders -------------------------------------------------------------------------------------------

def test_every_other_file_is_reported_as_skipped(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(TITLE + "\n" + "\n".join(BODY), encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(TITLE + "\n" + "\n".join(BODY[:2]), encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "notes.md").write_text("# notes", encoding="utf-8")
    (folder / "letter.docx").write_bytes(b"PK\x03\x04")
    (folder / ".DS_Store").write_bytes(b"\x00")
    files, skipped = scan(folder)
    assert [f.name for f in files] == ["a.txt"]
    reasons = {s.file: s.reason for s in skipped}
    assert set(reasons) == {"photo.png", "notes.md", "letter.docx", ".DS_Store", "sub/"}
    assert "--recursive" in reasons["sub/"] and ".png" in reasons["photo.png"]
    files, _ = scan(folder, recursive=True)
    assert sorted(str(f.relative_to(folder)) for f in files) == ["a.txt", "sub/b.txt"]
    report = run(folder, pipeline=Pipeline(FakeTranslator(), FakeSummariser()), store=Store())
    assert report.articles_processed == 1 and {s["file"] for s in report.skipped} == set(reasons)


# --- URLs ----------------------------------------------------------------------------------------------

class Site(BaseHTTPRequestHandler):
    release = threading.Event()  # the slow page answers only when the test is over

    def do_GET(self):
        pages = {"/utf8.html": ("text/html; charset=utf-8", page().encode("utf-8")),
                 "/cp1256.html": ("text/html; charset=windows-1256",
                                  page(title="خبر بترميز ويندوز").replace('<meta charset="utf-8">', "").encode("cp1256")),
                 "/image.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
                 "/big.html": ("text/html; charset=utf-8", b"<html>" + b"x" * 50_000 + b"</html>")}
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/utf8.html")
            self.end_headers()
        elif self.path == "/slow.html":
            self.release.wait(10)
            self._send("text/html", b"<html></html>")
        elif self.path in pages:
            self._send(*pages[self.path])
        else:
            self.send_error(404, "Not Found")
        Site.agents.append(self.headers.get("User-Agent"))

    def _send(self, kind, body):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    Site.agents = []
    Site.release.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    Site.release.set()
    server.shutdown()
    server.server_close()


def test_the_fetcher_against_a_loopback_site(site, tmp_path):
    urls = [f"{site}/utf8.html", f"{site}/cp1256.html", f"{site}/moved", f"{site}/missing.html", f"{site}/slow.html",
            f"{site}/image.png", f"{site}/big.html", "ftp://example.org/x"]
    results = fetch(urls, tmp_path / "pages", FetchOptions(timeout=1.0, max_bytes=20_000, concurrency=3))
    by_url = {r.url.removeprefix(site): r for r in results}
    assert [r.url for r in results] == urls  # one result a URL, in order
    for ok in ("/utf8.html", "/cp1256.html", "/moved"):
        assert by_url[ok].error is None and by_url[ok].path, by_url[ok]
    assert "404" in by_url["/missing.html"].error
    assert "no answer within 1 s" in by_url["/slow.html"].error
    assert "not a web page" in by_url["/image.png"].error and "image/png" in by_url["/image.png"].error
    assert "over the limit of 20,000" in by_url["/big.html"].error
    assert "not an http(s) URL" in by_url["ftp://example.org/x"].error
    assert all(agent and agent.startswith("summarize/") for agent in Site.agents)
    moved = read_article(by_url["/moved"].path)
    assert moved.metadata["url"] == f"{site}/moved" and moved.metadata["final_url"] == f"{site}/utf8.html"
    assert moved.metadata["fetched_at"] and moved.title == TITLE
    assert read_article(by_url["/cp1256.html"].path).title == "خبر بترميز ويندوز"
    files, skipped = scan(tmp_path / "pages")
    assert len(files) == 3 and skipped == []  # the sidecars are read with their pages, not skipped


def test_run_fetch_from_a_list_of_urls(site, tmp_path, tiny_models):
    from conftest import OFFLINE, run_cli

    urls = tmp_path / "urls.txt"
    urls.write_text(f"# today's pages\n{site}/utf8.html\n{site}/missing.html\n", encoding="utf-8")
    result = run_cli("run", str(urls), "--fetch", "--fetch-dir", str(tmp_path / "got"), "--db", str(tmp_path / "x.db"),
                     "--translation-model", str(tiny_models.marian), "--summary-model", str(tiny_models.mt5),
                     "--json", env=OFFLINE)
    assert result.returncode == 0, result.stderr
    assert "1 of 2 pages fetched" in result.stderr and "404" in result.stderr
    assert json.loads(result.stdout)["articles_processed"] == 1
    exported = run_cli("export", "--db", str(tmp_path / "x.db"))
    (article,) = [json.loads(line) for line in exported.stdout.splitlines()]
    assert article["metadata"]["url"] == f"{site}/utf8.html" and article["title"] == TITLE
