"""The names ledger (summarize.tasks.names) on hand-written sentence pairs (tests/data/names)."""

from __future__ import annotations

import json
from pathlib import Path

import eflomal
import pytest

from summarize.tasks import names
from summarize.tasks.names import NameEntry, Pair, Rendering, ledger
from summarize.text.normalise import match_key

PAIRS = Path(__file__).parent / "data" / "names" / "pairs.tsv"
KONATE = "عمر ساليفو كوناتي"  # "Oumar Salifou Konate" three times, "Omar Salifu Konati" twice
TERMS = [("الإتحاد الافريقي", "African Union")]  # spelt otherwise than in the articles (إ, ا for أ)


def read_pairs() -> list[Pair]:
    rows = [line.split("\t") for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Pair(int(article), int(index), ar, en) for article, index, ar, en in rows]


@pytest.fixture(scope="module")
def pairs() -> list[Pair]:
    return read_pairs()


@pytest.fixture(scope="module")
def entries(pairs) -> list[NameEntry]:
    return ledger(pairs, terms=TERMS)


def entry_of(entries: list[NameEntry], arabic: str) -> NameEntry:
    found = {e.key: e for e in entries}
    assert match_key(arabic) in found, f"{arabic} not in the ledger: {sorted(found)}"
    return found[match_key(arabic)]


def test_a_name_rendered_two_ways_has_both_renderings_and_is_marked(entries):
    entry = entry_of(entries, KONATE)
    assert entry.arabic == KONATE
    assert entry.renderings == [Rendering("Oumar Salifou Konate", 3, [(101, 0), (102, 1), (104, 3)]),
                                Rendering("Omar Salifu Konati", 2, [(101, 4), (103, 1)])]
    assert (entry.total, entry.inconsistent, entry.pinned) == (5, True, None)
    assert [e.key for e in entries if e.inconsistent] == [entry.key]
    assert entries[0] is entry


def test_names_rendered_one_way_are_not_marked(entries):
    expected = {
        "نيامي": {"Niamey": 5},
        "دوسو": {"Dosso": 5},
        "كوناتي": {"Konate": 5},
        "يوسف داودا": {"Youssef Daouda": 3},
        "سلمى الحداد": {"Salma al-Haddad": 3, "Salma Al-Haddad": 1},  # case alone is no inconsistency
        "البنك الدولي": {"World Bank": 2},
        "حركة النهضة الوطنية": {"National Renaissance Movement": 2},
    }
    for arabic, renderings in expected.items():
        entry = entry_of(entries, arabic)
        assert {r.english: r.count for r in entry.renderings} == renderings, arabic
        assert not entry.inconsistent, arabic


def test_attached_proclitics_are_counted_under_the_bare_name(entries):
    # بعمر ساليفو كوناتي (102, 1), لكوناتي (102, 3), ونيامي (103, 2), ودوسو (102, 2)
    assert (102, 1) in entry_of(entries, KONATE).renderings[0].occurrences
    assert entry_of(entries, "كوناتي").renderings[0].occurrences == [(101, 1), (102, 3), (104, 6), (104, 7), (105, 4)]
    assert (103, 2) in entry_of(entries, "نيامي").renderings[0].occurrences
    assert (102, 2) in entry_of(entries, "دوسو").renderings[0].occurrences
    attached = {match_key(a) for a in ("بعمر ساليفو كوناتي", "لكوناتي", "ونيامي", "ودوسو", "للاتحاد الأفريقي")}
    assert not attached & {e.key for e in entries}


def test_a_glossary_term_is_found_in_any_spelling_and_pinned(pairs, entries):
    entry = entry_of(entries, "الاتحاد الأفريقي")
    assert (entry.arabic, entry.pinned) == ("الاتحاد الأفريقي", "African Union")
    # (104, 7) is للاتحاد الأفريقي: ل + ال
    assert entry.renderings == [Rendering("African Union", 4, [(101, 5), (102, 4), (104, 2), (104, 7)])]
    assert entry_of(ledger(pairs), "الاتحاد الأفريقي").pinned is None


def test_terms_stay_whatever_min_count_and_absent_terms_are_left_out(pairs):
    entries = ledger(pairs, terms=[*TERMS, ("مجلس الأمن", "Security Council")], min_count=5)
    assert [e.key for e in entries] == [match_key(a) for a in (KONATE, "دوسو", "كوناتي", "نيامي", "الاتحاد الأفريقي")]


def test_order_is_inconsistent_first_then_most_frequent_then_key(entries):
    order = [(not e.inconsistent, -e.total, e.key) for e in entries]
    assert order == sorted(order) and len(entries) > 5


def test_names_next_to_each_other_titles_and_a_half_capitalised_name():
    pairs = [Pair(7, 0, "التقى كوناتي وداودا في نيامي.", "Konate and Daouda met in Niamey."),
             Pair(7, 1, "وقال وزير المالية يوسف داودا إن العجز تراجع.",
                  "Finance Minister Youssef Daouda said the deficit had fallen."),
             Pair(7, 2, "ووصل عمر ساليفو كوناتي إلى دوسو.", "Oumar salifou Konate arrived in Dosso.")]
    found = {e.key: {r.english: r.occurrences for r in e.renderings} for e in ledger(pairs)}
    assert found == {match_key("كوناتي"): {"Konate": [(7, 0)]}, match_key("داودا"): {"Daouda": [(7, 0)]},
                     match_key("نيامي"): {"Niamey": [(7, 0)]}, match_key("يوسف داودا"): {"Youssef Daouda": [(7, 1)]},
                     match_key(KONATE): {"Oumar salifou Konate": [(7, 2)]}, match_key("دوسو"): {"Dosso": [(7, 2)]}}


def lexicon_aligner(lexicon: set[tuple[str, str]]):
    """A stand-in for eflomal: links the Arabic stems and English words that ``lexicon`` pairs."""
    return lambda sources, targets: [{(i, j) for i, a in enumerate(ar.split()) for j, e in enumerate(en.split())
                                      if (a, e.lower()) in lexicon} for ar, en in zip(sources, targets)]


ALIGNED = [Pair(3, 0, "وأعلن البنك الدولي عن قرض جديد.", "The World Bank announced a new loan."),
           Pair(3, 1, "وقال البنك الدولي إن النمو تباطأ.", "The World Bank said growth slowed."),
           Pair(3, 2, "وأعلن البنك الدولي عن قرض جديد.", "The Global Bank announced a new loan."),
           Pair(3, 3, "وانتعش السوق.", "The Market recovered.")]
LEXICON = {("بنك", "bank"), ("دولي", "world"), ("دولي", "global"), ("اعلن", "announced"), ("قرض", "loan"),
           ("جديد", "new"), ("نمو", "growth"), ("سوق", "market"), ("انتعش", "recovered")}


def test_the_aligner_gives_a_known_name_its_other_spellings_and_nothing_else(monkeypatch):
    monkeypatch.setattr(names, "_align", lexicon_aligner(LEXICON))
    [entry] = ledger(ALIGNED)  # "Market" is linked to السوق, which is no name found elsewhere: skipped
    assert (entry.arabic, entry.inconsistent) == ("البنك الدولي", True)
    assert entry.renderings == [Rendering("World Bank", 2, [(3, 0), (3, 1)]), Rendering("Global Bank", 1, [(3, 2)])]


def test_a_term_written_otherwise_takes_the_english_aligned_to_it(monkeypatch):
    monkeypatch.setattr(names, "_align", lexicon_aligner(LEXICON))
    [entry] = ledger(ALIGNED[2:], terms=[("البنك الدولي", "World Bank")])
    assert (entry.pinned, entry.renderings) == ("World Bank", [Rendering("Global Bank", 1, [(3, 2)])])


def test_as_dict_is_ready_for_json(entries):
    assert json.loads(json.dumps(entry_of(entries, KONATE).as_dict(), ensure_ascii=False)) == {
        "arabic": KONATE, "key": match_key(KONATE),
        "renderings": [
            {"english": "Oumar Salifou Konate", "count": 3,
             "occurrences": [{"article": 101, "sentence": 0}, {"article": 102, "sentence": 1},
                             {"article": 104, "sentence": 3}]},
            {"english": "Omar Salifu Konati", "count": 2,
             "occurrences": [{"article": 101, "sentence": 4}, {"article": 103, "sentence": 1}]},
        ],
        "total": 5, "inconsistent": True, "pinned": None,
    }


def test_the_same_pairs_give_the_same_ledger(pairs, entries):
    expected = [e.as_dict() for e in entries]
    for _ in range(2):
        assert [e.as_dict() for e in ledger(read_pairs(), terms=TERMS)] == expected


def test_one_aligner_run_for_all_pairs(pairs, monkeypatch):
    calls = []
    align = eflomal.Aligner.align

    def counted(self, sources, targets, *args, **kwargs):
        calls.append(len(sources))
        return align(self, sources, targets, *args, **kwargs)

    monkeypatch.setattr(eflomal.Aligner, "align", counted)
    assert ledger(pairs)
    assert calls == [len(pairs)]


def test_no_pairs_no_ledger():
    assert ledger([]) == []
    assert ledger(iter([Pair(1, 0, "", ""), Pair(1, 1, "  ", "...")])) == []
    assert ledger([Pair(1, 2, "قال إنه سيعود.", "he said he would return.")]) == []


def test_the_names_command_on_a_database_and_pin(tmp_path):
    """`summarize names` reads the stored pairs (here stored by a translator that gives the pairs'
    English), marks the name with two renderings, and --pin adds it to the glossary file."""
    from conftest import FakeSummariser, FakeTranslator, run_cli

    from summarize.engine import Pipeline, run
    from summarize.store import Store
    from summarize.tasks.translate import Translation
    from summarize.text.glossary import Glossary

    english = {p.ar: p.en for p in read_pairs()}

    class Given(FakeTranslator):
        def translate(self, texts):
            super().translate(texts)
            return [Translation(english.get(t, "Untitled"), -0.2) for t in texts]

    folder = tmp_path / "in"
    folder.mkdir()
    by_article: dict[int, list[str]] = {}
    for p in read_pairs():
        by_article.setdefault(p.article_id, []).append(p.ar)
    for article, sentences in by_article.items():
        (folder / f"{article}.txt").write_text("\n".join(sentences), encoding="utf-8")
    db = tmp_path / "n.db"
    run(folder, pipeline=Pipeline(Given(), FakeSummariser()), store=Store(db))
    result = run_cli("names", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    konate = next(e for e in json.loads(result.stdout) if e["key"] == match_key(KONATE))
    assert konate["inconsistent"] and {r["english"] for r in konate["renderings"]} == {
        "Oumar Salifou Konate", "Omar Salifu Konati"}
    glossary = tmp_path / "style.tsv"
    pinned = run_cli("names", "--db", str(db), "--glossary", str(glossary), "--pin", KONATE, "Oumar Salifou Konate")
    assert pinned.returncode == 0, pinned.stderr
    assert [(t.arabic, t.english) for t in Glossary.load(glossary).terms] == [(KONATE, "Oumar Salifou Konate")]
    marked = json.loads(run_cli("names", "--db", str(db), "--glossary", str(glossary), "--json").stdout)
    assert next(e for e in marked if e["key"] == match_key(KONATE))["pinned"] == "Oumar Salifou Konate"
    unusable = run_cli("names", "--db", str(db), "--pin", KONATE, "x")
    assert unusable.returncode == 2 and "--glossary" in unusable.stderr
    nowhere = run_cli("names", "--db", str(db), "--glossary", str(tmp_path / "no" / "g.tsv"), "--pin", KONATE, "x")
    assert nowhere.returncode == 2 and "cannot be written" in nowhere.stderr and "Traceback" not in nowhere.stderr
