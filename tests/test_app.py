"""The Gradio demo, served for real on a free loopback port with the tiny models."""

import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import OFFLINE, ROOT, SEEDS, free_port, served

CHROMIUM = "/usr/bin/chromium"
LIMIT = 30_000  # the app's article limit in these tests (the seeds are 3,700–5,900 characters)


@pytest.fixture(scope="module")
def app(tiny_models, tmp_path_factory):
    db = tmp_path_factory.mktemp("app") / "app.db"
    with served(db, tiny_models, "--max-article-chars", str(LIMIT)) as url:
        yield {"url": url, "models": tiny_models, "db": db}


def analysed_page(playwright, executable, url, text, summariser=None):
    """A browser page of the app at ``url`` that has analysed ``text`` (the aligned view is shown)."""
    browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(url)
    page.locator("#article-text textarea").fill(text)
    if summariser:
        page.get_by_label(summariser, exact=True).check()
    page.locator("#run-button").click()
    page.wait_for_selector("#aligned-view div.ar", timeout=120_000)
    return browser, page


def analyse(client, models, text="", upload=None, seed=None):
    source = "Upload a file" if upload else "Seed article" if seed else "Paste text"
    return client.predict(source, text, upload, seed, str(models.marian), str(models.mt5), "translate-then-summarise",
                          "model",
                          "transformers", api_name="/analyse")


def test_gradio_client_gets_aligned_pairs_summaries_and_flags(app):
    from gradio_client import Client

    client = Client(app["url"], verbose=False)
    text = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    html, article, signature, files, status = analyse(client, app["models"], text)
    assert status == f"Stored as article {article['id']} (pasted text)."
    sentences = article["sentences"]
    assert len(sentences) >= 20 and all(s["ar"] and s["en"] for s in sentences)
    assert html.count('class="ar" lang="ar" dir="rtl"') == len(sentences) == html.count('class="en"')
    assert article["summary_ar"] and article["summary_en"]
    assert article["summary_en_evidence"] and article["summary_ar_evidence"]
    assert any(s["flags"] for s in sentences) and all("reason" in f for s in sentences for f in s["flags"])
    assert "transformers" in signature and str(app["models"].marian) in signature
    assert sorted(Path(f).suffix for f in files) == [".html", ".jsonl", ".tmx", ".txt"]
    plain = Path(next(f for f in files if f.endswith(".txt"))).read_text(encoding="utf-8")
    assert "Machine translation" in plain and article["summary_en"] in plain
    # the app writes to the same store as the CLI
    from summarize.store import Store

    with Store(app["db"]) as store:
        assert "pasted text" in [a["source_file"] for a in store.list_articles()]


def test_errors_are_messages_not_tracebacks(app, tmp_path):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(app["url"], verbose=False)
    with pytest.raises(AppError, match="Paste Arabic text"):
        analyse(client, app["models"], "")
    with pytest.raises(AppError, match="not Arabic"):
        analyse(client, app["models"], "This is an English text, not an Arabic one.")
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    from gradio_client import handle_file

    with pytest.raises(AppError, match="binary file"):
        analyse(client, app["models"], upload=handle_file(str(png)))


def test_seed_choice_and_library_search(app):
    from gradio_client import Client

    client = Client(app["url"], verbose=False)
    _, article, _, _, _ = analyse(client, app["models"], seed="000_34a51e8d4cf6b769.txt")
    assert article["source_file"] == "000_34a51e8d4cf6b769.txt"  # stored under its file name
    hits, info = client.predict("دَاعِش", "ar", api_name="/search")
    assert any(row[1] == "000_34a51e8d4cf6b769.txt" and "<mark>" in row[3] for row in hits["data"])
    assert "matching sentences" in info
    _, info = client.predict("helicopter", "ar", api_name="/search")
    assert "No sentence matches" in info and "looks English: search in en" in info
    page = client.predict(article["id"], api_name="/article")
    assert 'dir="rtl"' in page


def test_served_files_stay_inside_the_app(app):
    for path in ("gradio_api/file=/etc/passwd", "gradio_api/file=../../../../etc/passwd",
                 f"gradio_api/file={app['db']}", "file=/etc/passwd"):
        try:
            with urllib.request.urlopen(app["url"] + path, timeout=5) as response:
                body = response.read()
        except urllib.error.HTTPError as e:
            assert e.code in (403, 404, 405)
            continue
        assert b"root:" not in body and b"SQLite format" not in body


def browser_or_skip() -> str:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium package (.ci/run does)")
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def test_in_a_real_browser(app, tmp_path):
    executable = browser_or_skip()
    from playwright.sync_api import sync_playwright

    text = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser, page = analysed_page(p, executable, app["url"], text)
        arabic = page.locator("#aligned-view div.ar")
        english = page.locator("#aligned-view div.en")
        assert arabic.count() > 10
        assert english.count() == arabic.count()
        assert all(arabic.nth(i).get_attribute("dir") == "rtl" for i in range(arabic.count()))
        assert all(english.nth(i).inner_text().strip() for i in range(english.count()))
        page.screenshot(path=str(out / "app-screenshot.png"), full_page=True)
        page.locator("#article-file input[type=file]").set_input_files(str(empty))
        page.locator("#run-button").click()
        page.get_by_text("the file is empty").first.wait_for(timeout=30_000)
        assert "Traceback" not in page.content()
        page.screenshot(path=str(out / "app-error-screenshot.png"))
        browser.close()
    assert (out / "app-screenshot.png").stat().st_size > 10_000


BOILERPLATE = ("شارك على فيسبوك", "طباعة")  # a share and a print button


def with_boilerplate() -> str:
    """A seed article with a share and a print button on their own lines after the title.

    Seed 004, which no other test here pastes: an article whose cleaned text is already stored is
    reused as stored, with the removed lines of its first paste.
    """
    lines = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8").splitlines()
    return "\n".join([lines[0], *BOILERPLATE, *lines[1:]])


def expected_removed() -> dict[str, tuple[int, str]]:
    """Each boilerplate line's (line number, reason) as cleaning records them (reasons are cleaning's words)."""
    from summarize.sources.files import load_text

    dropped = {d.text: (d.line, d.reason) for d in load_text(with_boilerplate(), "pasted text").dropped}
    assert set(BOILERPLATE) <= set(dropped) and [dropped[t][0] for t in BOILERPLATE] == [2, 3]
    return {text: dropped[text] for text in BOILERPLATE}


def check_removed_block(page) -> None:
    """The collapsed "Removed while cleaning" block: its lines are hidden until its summary is clicked."""
    block = page.locator("details.removed")
    assert block.count() == 1 and block.get_attribute("open") is None
    summary = block.locator("summary")
    assert summary.is_visible() and summary.inner_text().startswith("Removed while cleaning (")
    rows = {text: block.locator("tr", has_text=text) for text in BOILERPLATE}
    assert not any(row.is_visible() for row in rows.values())
    summary.click()
    for text, (line, reason) in expected_removed().items():
        rows[text].wait_for(state="visible", timeout=5_000)
        cells = rows[text].locator("td")
        assert cells.nth(0).inner_text().strip() == str(line)
        assert cells.nth(1).inner_text().strip() == text and cells.nth(1).get_attribute("dir") == "rtl"
        assert reason and cells.nth(2).inner_text().strip() == reason and cells.nth(2).is_visible()
    assert block.get_attribute("open") is not None


def test_removed_lines_in_a_real_browser(app):
    executable = browser_or_skip()
    from playwright.sync_api import sync_playwright

    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser, page = analysed_page(p, executable, app["url"], with_boilerplate())
        aligned = page.locator("#aligned-view")
        assert not any(text in t for t in aligned.locator("div.ar").all_inner_texts() for text in BOILERPLATE)
        check_removed_block(aligned)
        page.screenshot(path=str(out / "app-removed-screenshot.png"), full_page=True)
        browser.close()


def test_removed_lines_in_the_exported_page(app):
    executable = browser_or_skip()
    from gradio_client import Client
    from playwright.sync_api import sync_playwright

    client = Client(app["url"], verbose=False)
    _, article, signature, files, _ = analyse(client, app["models"], with_boilerplate())
    stored = {d["text"]: (d["line"], d["reason"]) for d in article["dropped"]}
    assert stored.items() >= expected_removed().items()
    assert f"{len(stored)} lines removed" in signature
    exported = Path(next(f for f in files if f.endswith(".html")))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.goto(exported.resolve().as_uri())
        summary = page.locator("details.removed > summary")
        assert summary.inner_text() == f"Removed while cleaning ({len(article['dropped'])} lines)"
        assert summary.bounding_box()["y"] < 1000  # near the top: found without scrolling
        check_removed_block(page)
        browser.close()


def test_twenty_concurrent_requests_are_all_answered(app):
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client
    from gradio_client.exceptions import AppError

    def one(i: int):
        client = Client(app["url"], verbose=False)
        text = f"خبر رقم {i} عن التحالف\nوقال الوزير إن الاجتماع رقم {i} انتهى في روما. وتنشر ألمانيا نحو 250 عسكريا."
        try:
            return analyse(client, app["models"], text)[1]
        except AppError as e:  # a full queue is answered, in words
            assert "busy" in str(e).lower() or "queue" in str(e).lower(), str(e)
            return None

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(one, range(20), timeout=300))
    answered = [r for r in results if r is not None]
    assert len(answered) >= 18  # the queue holds 20: all, or nearly all, are processed
    assert all(r["sentences"] and r["summary_en"] for r in answered)
    from summarize.store import Store

    with Store(app["db"]) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        titles = [a["title"] for a in store.list_articles() if a["title"].startswith("خبر رقم")]
        assert len(titles) == len(set(titles)) == len(answered)


def test_error_messages_show_no_machine_path(app):
    import re

    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(app["url"], verbose=False)
    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    with pytest.raises(AppError) as info:
        client.predict("Paste text", text, None, None, "opus-mt-ar-en", str(app["models"].mt5),
                       "translate-then-summarise", "model", "transformers", api_name="/analyse")
    message = str(info.value)
    assert "opus-mt-ar-en" in message and "summarize models pull" in message
    assert not re.search(r"(?<![\w.])/(?:[\w.-]+/)+", message), message
    assert "Traceback" not in message


def test_listens_on_loopback_by_default():
    import argparse

    from summarize.interfaces.web import add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert parser.parse_args([]).host == "127.0.0.1"


@pytest.mark.parametrize("model", ["/root", "/nonexistent/dir", "../models", "Helsinki-NLP/opus-mt-ar-en"])
def test_a_model_the_server_does_not_offer_is_refused_without_echoing_it(app, model):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(app["url"], verbose=False)
    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    with pytest.raises(AppError) as info:
        client.predict("Paste text", text, None, None, model, str(app["models"].mt5), "translate-then-summarise",
                       "model", "transformers", api_name="/analyse")
    message = str(info.value)
    assert "does not offer that translation model" in message
    assert model not in message and "nonexistent" not in message and "root" not in message


def test_reading_the_app_in_a_browser(app):
    """Evidence links scroll to their sentence and highlight it; the Library's rows open their article;
    a paste over the limit is refused in words that stay on screen; at 390 px the pairs are stacked."""
    executable = browser_or_skip()
    from playwright.sync_api import sync_playwright

    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    with sync_playwright() as p:
        # the lead baseline: its summary sentences are article sentences, so each has evidence
        browser, page = analysed_page(p, executable, app["url"], text, summariser="lead")
        view = page.locator("#aligned-view")
        assert "Extractive baseline" in view.locator(".summary .kind").first.inner_text()
        assert view.locator("h1.headline-en").inner_text().strip()
        assert "Machine translation" in view.locator(".notice").inner_text()
        link = view.locator(".summary .evidence a").first
        target_id = link.get_attribute("href").lstrip("#")
        link.click()
        target = page.locator(f"[id='{target_id}']")
        page.wait_for_function("id => location.hash === '#' + id", arg=target_id)
        box = target.bounding_box()
        assert box and 0 <= box["y"] < 1000, box  # scrolled into the viewport
        background = target.locator("div.en").evaluate("e => getComputedStyle(e).backgroundColor")
        assert background == "rgb(255, 243, 176)", background  # highlighted
        # back-links: the sentence names the summary sentence that cites it
        assert target.locator(".cited a").count() >= 1

        # the Library: a click on a row opens that article
        page.get_by_role("tab", name="Library").click()
        info = page.locator("#library-info")
        info.get_by_text("click a row").wait_for(timeout=30_000)
        assert " of " in info.inner_text()
        title = page.locator("#library-table [data-testid='cell-0-2']")  # the first row's title
        assert title.evaluate("e => getComputedStyle(e).direction") == "rtl"
        title.click()
        page.locator("#library-article article.reading").wait_for(timeout=30_000)

        # over the limit: the counter says so before the run, the run is refused in words that stay
        page.get_by_role("tab", name="Translate & summarise").click()
        long_text = (text + "\n") * (LIMIT // len(text) + 1)
        page.locator("#article-text textarea").fill(long_text)
        counter = page.locator("#char-count")
        counter.get_by_text("over the limit").wait_for(timeout=10_000)
        assert f"{len(long_text):,} characters" in counter.inner_text()
        assert page.locator("#article-text textarea").input_value() == long_text  # nothing cut
        page.locator("#run-button").click()
        message = page.get_by_text(f"over the limit of {LIMIT:,}").first
        message.wait_for(timeout=30_000)
        page.wait_for_timeout(15_000)  # the acceptance asks for 15 s on screen
        assert message.is_visible()
        browser.close()


def test_the_app_on_a_phone(app):
    executable = browser_or_skip()
    from playwright.sync_api import sync_playwright

    text = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(app["url"])
        page.locator("#article-text textarea").fill(text)
        page.locator("#run-button").click()
        page.wait_for_selector("#aligned-view div.ar", timeout=120_000)
        pair = page.locator("#aligned-view .pair").nth(1)
        ar, en = pair.locator("div.ar").bounding_box(), pair.locator("div.en").bounding_box()
        assert en["y"] >= ar["y"] + ar["height"] - 1, (ar, en)  # stacked, not side by side
        assert ar["width"] > 250 and en["width"] > 250
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow} px"
        browser.close()


@pytest.mark.parametrize("bad", ["3.7", "1e308", "-1", "0", "abc", "99999999999999999999999"])
def test_article_ids_are_whole_numbers(app, bad):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="whole number"):
        Client(app["url"], verbose=False).predict(bad, api_name="/article")


def test_repeated_requests_leave_a_bounded_number_of_temp_folders(app):
    from gradio_client import Client

    from summarize.interfaces.web import DOWNLOADS

    client = Client(app["url"], verbose=False)
    text = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    analyse(client, app["models"], text)
    before = len(list(DOWNLOADS.iterdir()))
    for _ in range(3):  # the same article again: served from the store, into the same folder
        analyse(client, app["models"], text)
    assert len(list(DOWNLOADS.iterdir())) == before


def test_serving_beyond_loopback_needs_a_password_and_keys(tiny_models):
    for extra in ([], ["--api-key", "k"], ["--auth", "editor:pass"]):
        result = subprocess.run([sys.executable, str(ROOT / "app.py"), "--host", "0.0.0.0", "--port", str(free_port()),
                                 *extra, "--translation-model", str(tiny_models.marian)],
                                cwd=ROOT, env={**os.environ, **OFFLINE}, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2 and "needs a password for the web app" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_runs_can_be_named_over_the_api_and_ids_are_checked(app):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(app["url"], verbose=False)
    with pytest.raises(AppError, match="no such run"):
        client.predict(987654, api_name="/evaluate")
    with pytest.raises(AppError, match="whole number"):
        client.predict("2.5", api_name="/evaluate")
