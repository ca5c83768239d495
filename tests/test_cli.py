"""The command line through its real entry point, on the tiny models, offline."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import OFFLINE, SEEDS, run_cli

from summarize.interfaces.cli import build_parser


def commands(parser=None, prefix=()):
    parser = parser or build_parser()
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        for name, sub in action.choices.items():
            yield (*prefix, name)
            if sub._subparsers:
                yield from commands(sub, (*prefix, name))


def test_every_command_has_help():
    names = list(commands())
    assert {("run",), ("translate",), ("export",), ("models",), ("models", "list"), ("models", "pull")} <= set(names)
    for name in names:
        result = run_cli(*name, "--help")
        assert result.returncode == 0, name
        assert "usage: summarize " + " ".join(name) in result.stdout


def test_run_processes_the_seeds(seeded):
    _, _, result = seeded
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["articles_seen"], report["articles_processed"], report["articles_failed"]) == (5, 5, 0)
    assert report["sentences_translated"] > 0 and report["summaries_generated"] == 10
    assert report["errors"] == []
    assert "Traceback" not in result.stderr


def test_export_jsonl(seeded, tmp_path):
    db, _, _ = seeded
    result = run_cli("export", "--db", str(db), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(articles) == 5
    for article in articles:
        assert {"id", "source_file", "title", "sentences", "summary_ar", "summary_en", "dropped", "models"} <= set(article)
        assert article["summary_ar"] and article["summary_en"]
        assert all(s["ar"] and s["en"] for s in article["sentences"])
        assert [s["index"] for s in article["sentences"]] == list(range(len(article["sentences"])))
        paragraphs = {}
        for s in article["sentences"]:
            paragraphs.setdefault(s["paragraph"], []).append(s["ar"])
        texts = [" ".join(p) for p in paragraphs.values()]
        assert len(texts) == len(set(texts)), article["source_file"]
        translation = article["models"]["translation"][0]
        assert translation["backend"] == "transformers" and translation["settings"]["num_beams"] == 4
        assert article["models"]["summary_en"]["settings"]["no_repeat_ngram_size"] == 2
    by_name = {a["source_file"]: a for a in articles}
    assert len(by_name["003_0c6f3ebe05918aa9.txt"]["dropped"]) == 19
    out = tmp_path / "x.jsonl"
    assert run_cli("export", "--db", str(db), "-o", str(out)).returncode == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


def test_run_counts_the_lines_removed_while_cleaning(seeded):
    db, models, first = seeded
    articles = [json.loads(line) for line in run_cli("export", "--db", str(db)).stdout.splitlines()]
    removed = sum(len(a["dropped"]) for a in articles)
    assert removed > 0 and json.loads(first.stdout)["lines_removed"] == removed
    result = run_cli("run", str(SEEDS), "--db", str(db), *models, env=OFFLINE)  # cached: no model call
    assert result.returncode == 0, result.stderr
    closing, _files, flags = result.stdout.strip().splitlines()[-3:]
    assert closing.startswith("5 of 5 articles processed")
    assert f"; {removed} lines removed while cleaning (see export --format html)" in closing
    report = json.loads(first.stdout)["flags"]
    assert flags.startswith("flags: ") and all(f"{n} " in flags and f"({name})" in flags for name, n in report.items())


def test_an_empty_folder_is_a_warning_not_a_success(tmp_path, tiny_models):
    (tmp_path / "empty").mkdir()
    result = run_cli("run", str(tmp_path / "empty"), "--db", str(tmp_path / "x.db"),
                     "--translation-model", str(tiny_models.marian), "--summary-model", str(tiny_models.mt5), env=OFFLINE)
    assert result.returncode == 1 and "holds no article file" in result.stderr


def test_translate_takes_the_run_options_and_shows_flags(tiny_models):
    seed = next(SEEDS.glob("003_*.txt"))
    result = run_cli("translate", str(seed), "--translation-model", str(tiny_models.marian),
                     "--summary-model", str(tiny_models.mt5), "--flags", env=OFFLINE)
    assert result.returncode == 0, result.stderr
    numbered = [line for line in result.stdout.splitlines() if line.startswith("[")]
    warnings = [line for line in result.stdout.splitlines() if line.startswith("    ! ")]
    assert numbered[0].startswith("[0] ") and warnings  # the tiny model's nonsense is flagged
    assert "flagged sentence(s)" in result.stderr


def test_rerun_makes_no_model_call(seeded):
    db, models, first = seeded
    result = run_cli("run", str(SEEDS), "--db", str(db), *models, "--json", env=OFFLINE)
    report = json.loads(result.stdout)
    assert result.returncode == 0
    assert report["sentences_translated"] == 0 and report["summaries_generated"] == 0
    assert report["sentences_cached"] == json.loads(first.stdout)["sentences_translated"] + json.loads(first.stdout)["sentences_cached"]


def test_bad_files_reported_good_ones_stored(seeded, tmp_path):
    db, models, _ = seeded
    folder = tmp_path / "mixed"
    shutil.copytree(SEEDS, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    original = next(SEEDS.glob("002_*.txt"))
    (folder / "002 windows-1256.txt").write_bytes(original.read_text(encoding="utf-8").encode("cp1256"))
    result = run_cli("run", str(folder), "--db", str(db), *models, "--json", env=OFFLINE)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["articles_processed"] == 6 and report["articles_failed"] == 2
    assert sorted(e["file"] for e in report["errors"]) == ["empty.txt", "image.txt"]
    assert report["sentences_translated"] == 0  # the copy reuses the original's translations
    with sqlite3.connect(db) as con:
        rows = dict(con.execute("SELECT source_file, cleaned_text FROM articles WHERE source_file LIKE '002%'").fetchall())
        encoding = con.execute("SELECT encoding FROM articles WHERE source_file = '002 windows-1256.txt'").fetchone()[0]
    assert rows["002 windows-1256.txt"] == rows[original.name]
    assert encoding == "cp1256"


def test_offline_without_model_exits_2_with_a_clear_message(tmp_path):
    result = run_cli("run", str(SEEDS), "--db", str(tmp_path / "u.db"), env={**OFFLINE, "SUMMARIZE_MODEL_STORE": str(tmp_path / "store"), "HF_HOME": str(tmp_path / "hf")})
    assert result.returncode == 2
    assert "Helsinki-NLP/opus-mt-ar-en" in result.stderr and "summarize models pull" in result.stderr
    assert "Traceback" not in result.stderr


def test_translate_prints_english_paragraphs(tiny_models):
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    result = run_cli("translate", "-", "--translation-model", str(tiny_models.marian), input=text, env=OFFLINE)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 17


def test_translate_rejects_english_input(tiny_models):
    result = run_cli("translate", "-", "--translation-model", str(tiny_models.marian), input="Hello world.", env=OFFLINE)
    assert result.returncode == 1 and "not Arabic" in result.stderr and "Traceback" not in result.stderr


def test_models_list():
    result = run_cli("models", "list", "--json")
    names = {m["name"] for m in json.loads(result.stdout)}
    assert {"opus-mt-ar-en", "mt5-xlsum", "mt5-crosssum"} <= names


def test_unknown_model_exits_2(tmp_path):
    result = run_cli("run", str(SEEDS), "--db", str(tmp_path / "v.db"), "--translation-model", "nope")
    assert result.returncode == 2 and "unknown model 'nope'" in result.stderr


def database_faults(seeded_db, tmp_path):
    """A folder, a text file, a truncated database and one from a newer version, each where --db points."""
    faults = {}
    faults["a folder"] = tmp_path / "folder.db"
    faults["a folder"].mkdir()
    faults["a text file"] = tmp_path / "notes.db"
    faults["a text file"].write_text("not a database\n" * 100, encoding="utf-8")
    data = Path(seeded_db).read_bytes()
    faults["a truncated database"] = tmp_path / "truncated.db"
    faults["a truncated database"].write_bytes(data[: len(data) // 3])
    faults["a newer database"] = tmp_path / "newer.db"
    faults["a newer database"].write_bytes(data)
    with sqlite3.connect(faults["a newer database"]) as db:
        db.execute("INSERT INTO _migrations VALUES ('m999_from_the_future', '2030-01-01')")
    return faults


def test_every_command_meets_every_database_fault_with_a_message(seeded, tiny_models, tmp_path):
    db, _, _ = seeded
    seed = next(SEEDS.glob("000_*.txt"))
    commands = {
        "run": ["run", str(seed), "--translation-model", str(tiny_models.marian), "--summariser", "lead"],
        "search": ["search", "داعش"],
        "export": ["export", "--format", "tmx", "-o", str(tmp_path / "x.tmx")],
        "eval": ["eval", "--results", str(tmp_path / "r")],
    }
    expected = {"a folder": "is a folder, not a database file", "a text file": "is not a summarize database",
                "a truncated database": "damaged", "a newer database": "newer version of summarize"}
    for fault, path in database_faults(db, tmp_path).items():
        for name, args in commands.items():
            result = run_cli(*args, "--db", str(path), env=OFFLINE)
            assert result.returncode == 2, (fault, name, result.stderr)
            assert "Traceback" not in result.stderr and expected[fault] in result.stderr, (fault, name, result.stderr)
            assert str(path) in result.stderr  # the message names the file


def test_the_review_and_story_commands_meet_every_database_fault_with_a_message(seeded, tmp_path, capsys):
    from summarize.interfaces.cli import main

    db, _, _ = seeded
    commands = {"review": ["review"], "correct": ["correct", "1", "0", "An English sentence."], "names": ["names"],
                "stories": ["stories"], "brief": ["brief", "-o", str(tmp_path / "b.html")],
                "feed": ["feed", "-o", str(tmp_path / "f.xml")], "watch list": ["watch", "list"],
                "watch add": ["watch", "add", "داعش"]}
    expected = {"a folder": "is a folder, not a database file", "a text file": "is not a summarize database",
                "a truncated database": "damaged", "a newer database": "newer version of summarize"}
    for fault, path in database_faults(db, tmp_path).items():
        for name, args in commands.items():
            code = main([*args, "--db", str(path)])
            err = capsys.readouterr().err
            assert code == 2 and expected[fault] in err and str(path) in err, (fault, name, err)
    missing = tmp_path / "missing.db"
    for name, args in commands.items():
        if name != "watch add":  # adding to a watchlist starts a database, as run does
            assert main([*args, "--db", str(missing)]) == 2, name
    assert not missing.exists()


def test_stories_are_shown_from_a_database_that_cannot_be_written(seeded, tmp_path, capsys):
    from summarize.interfaces.cli import main

    db = tmp_path / "ro.db"
    db.write_bytes(Path(seeded[0]).read_bytes())
    with sqlite3.connect(db) as con:  # articles no run has clustered: listing them would need a write
        con.execute("DELETE FROM story_articles")
    make_read_only(db)
    try:
        assert main(["stories", "--db", str(db), "--json"]) == 0
        captured = capsys.readouterr()
        assert json.loads(captured.out) == [] and "showing the stories as stored" in captured.err
    finally:
        make_writable(db)


def test_reading_commands_work_while_a_writer_holds_the_database(seeded, tmp_path):
    db, _, _ = seeded
    writer = sqlite3.connect(db, isolation_level=None, timeout=1)
    writer.execute("BEGIN IMMEDIATE")  # a run in progress holds the write lock
    try:
        assert run_cli("search", "داعش", "--db", str(db)).returncode == 0
        assert run_cli("export", "--db", str(db), "-o", str(tmp_path / "x.jsonl")).returncode == 0
    finally:
        writer.execute("ROLLBACK")
        writer.close()


@pytest.mark.parametrize("setup, output, words", [
    ("file", "out.tmx/", "a file stands where a folder is needed"),  # a folder export into a file
    ("folder", "x.jsonl", "it is a folder"),
])
def test_export_path_faults_are_messages(seeded, tmp_path, setup, output, words):
    db, _, _ = seeded
    target = tmp_path / output.rstrip("/")
    if setup == "file":
        target.write_text("x", encoding="utf-8")
        result = run_cli("export", "--db", str(db), "--format", "html", "-o", str(target))
    else:
        target.mkdir()
        result = run_cli("export", "--db", str(db), "-o", str(target))
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_binary_standard_input_and_absurd_limits_are_messages(tiny_models):
    result = run_cli("translate", "-", "--translation-model", str(tiny_models.marian), env=OFFLINE,
                     input=None, stdin_bytes=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert result.returncode == 1 and "binary file (PNG image)" in result.stderr and "Traceback" not in result.stderr
    for limit in ("99999999999999999999", "0", "-3", "many"):
        result = run_cli("search", "داعش", "--limit", limit)
        assert result.returncode == 2 and "--limit" in result.stderr and "Traceback" not in result.stderr


def test_a_database_busy_beyond_the_wait_is_a_message(seeded, tiny_models, tmp_path):
    db = tmp_path / "busy.db"
    db.write_bytes(Path(seeded[0]).read_bytes())
    writer = sqlite3.connect(db, isolation_level=None, timeout=1)
    writer.execute("BEGIN IMMEDIATE")  # another process is writing, and goes on writing
    try:
        result = run_cli("run", str(next(SEEDS.glob("000_*.txt"))), "--db", str(db), "--translation-model",
                         str(tiny_models.marian), "--summariser", "lead", env={**OFFLINE, "SUMMARIZE_DB_TIMEOUT": "1"})
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.returncode == 2 and "is busy: another process is writing to it" in result.stderr, result.stderr
    assert str(db) in result.stderr and "Traceback" not in result.stderr


def make_read_only(path: Path) -> None:
    """A file nobody may write, root included (the tests may run as root, whom permissions do not stop)."""
    import os
    import subprocess

    if os.geteuid() != 0:
        path.chmod(0o444)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:  # a filesystem without the immutable flag: the fault cannot be made here
        pytest.skip(f"cannot make a file read-only for root here (chattr: {done.stderr.strip()})")


def make_writable(path: Path) -> None:
    """Undo :func:`make_read_only` (so that the test's folder can be removed)."""
    import subprocess

    subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o644)


def test_a_read_only_database_is_read_but_not_written(seeded, tiny_models, tmp_path):
    db = tmp_path / "ro.db"
    db.write_bytes(Path(seeded[0]).read_bytes())
    make_read_only(db)
    try:
        run = run_cli("run", str(next(SEEDS.glob("000_*.txt"))), "--db", str(db), "--translation-model",
                      str(tiny_models.marian), "--summariser", "lead", env=OFFLINE)
        assert run.returncode == 2 and "cannot be written" in run.stderr and str(db) in run.stderr, run.stderr
        assert "Traceback" not in run.stderr
        search = run_cli("search", "داعش", "--db", str(db))
        assert search.returncode == 0 and search.stdout.strip(), search.stderr  # reading needs no write access
    finally:
        make_writable(db)
