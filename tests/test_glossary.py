"""The glossary: Arabic-aware matching, the file formats, enforcement on both backends, and the
cache keys that retranslate exactly the sentences a changed entry touches."""

import json
import shutil

import pytest
from conftest import OFFLINE, SEEDS, FakeSummariser, FakeTranslator, run_cli, store_articles

from summarize.engine import Pipeline, run
from summarize.store import Store
from summarize.tasks.terms import GlossaryTranslator, protect, rendered
from summarize.tasks.translate import CT2Translator, HFTranslator
from summarize.text.glossary import Glossary, GlossaryError

GLOSSARY = Glossary.from_terms([("مصنع النور", "Al-Nour Factory"), ("الأمم المتحدة", "United Nations"),
                                ("عثمان إلياسو جيبو", "Ousmane Illiassou Djibo"), ("مدينة", "City"),
                                ("بلينكن", "Blinken")])


def found(text):
    return [(text[m.start : m.end], m.proclitics, m.term.english) for m in GLOSSARY.find(text)]


@pytest.mark.parametrize("text, span, proclitics, english", [
    ("زار مصنع النور أمس", "مصنع النور", "", "Al-Nour Factory"),
    ("زار مَصْنَعِ النّور أمس", "مَصْنَعِ النّور", "", "Al-Nour Factory"),  # diacritics
    ("زار مصـــنع النور", "مصـــنع النور", "", "Al-Nour Factory"),  # tatweel
    ("وبمصنع النور", "وبمصنع النور", "وب", "Al-Nour Factory"),  # and + in
    ("فلمصنع النور", "فلمصنع النور", "فل", "Al-Nour Factory"),
    ("كمصنع النور", "كمصنع النور", "ك", "Al-Nour Factory"),
    ("للأمم المتحدة", "للأمم المتحدة", "ل", "United Nations"),  # ل + ال written لل
    ("وللامم المتحدة", "وللامم المتحدة", "ول", "United Nations"),
    ("بالإمم المتحدة", "بالإمم المتحدة", "ب", "United Nations"),  # another hamza form
    ("والأمم المتحدة", "والأمم المتحدة", "و", "United Nations"),
    ("قال عثمان الياسو جيبو", "عثمان الياسو جيبو", "", "Ousmane Illiassou Djibo"),  # alef without hamza
    ("في مدينه كبيرة", "مدينه", "", "City"),  # ة written ه
    ("قال بلينكن، ثم غادر", "بلينكن", "", "Blinken"),  # punctuation after
])
def test_a_term_is_found_whatever_its_spelling_and_proclitics(text, span, proclitics, english):
    assert found(text) == [(span, proclitics, english)]


@pytest.mark.parametrize("text", [
    "زار مصنع النورس أمس",  # a longer word
    "زار مصنع النوري",
    "مدينتنا جميلة",  # a suffix
    "المدينة",  # another word (with the article)
    "زار مصنعا النور",
    "الأمم وحدها",  # half of a term
    "بلينكنز",
])
def test_a_term_never_matches_inside_a_longer_word(text):
    assert found(text) == []


def test_the_longer_term_wins_and_occurrences_do_not_overlap():
    g = Glossary.from_terms([("الأمم", "Nations"), ("الأمم المتحدة", "United Nations")])
    matches = g.find("قالت الأمم المتحدة إن الأمم كلها")
    assert [m.term.english for m in matches] == ["United Nations", "Nations"]


def test_the_file_formats(tmp_path):
    tsv = tmp_path / "g.tsv"
    tsv.write_text("arabic\tenglish\tnote\n# a comment\n\nعثمان جيبو\tOusmane Djibo\tnot Othman Gibo\n"
                   "روما\tRome\n", encoding="utf-8")
    g = Glossary.load(tsv)
    assert [(t.arabic, t.english, t.note, t.line) for t in g.terms] == [
        ("عثمان جيبو", "Ousmane Djibo", "not Othman Gibo", 4), ("روما", "Rome", "", 5)]
    csv = tmp_path / "g.csv"
    csv.write_text('الأمم المتحدة,"United Nations, the"\n', encoding="utf-8")
    assert Glossary.load(csv).terms[0].english == "United Nations, the"
    tbx = tmp_path / "g.tbx"
    tbx.write_text('<?xml version="1.0"?><martif type="TBX"><text><body><termEntry id="1">'
                   '<langSet xml:lang="ar"><tig><term>روما</term></tig></langSet>'
                   '<langSet xml:lang="en"><tig><term>Rome</term></tig></langSet></termEntry></body></text></martif>',
                   encoding="utf-8")
    assert [(t.arabic, t.english) for t in Glossary.load(tbx).terms] == [("روما", "Rome")]
    assert Glossary.load(tsv).content_hash == Glossary.from_terms(reversed(g.terms)).content_hash  # order aside


@pytest.mark.parametrize("content, problem", [
    ("روما\tRome\nonly one field\n", "line 2: expected Arabic<TAB>English"),
    ("Rome\tRoma\n", "line 1: 'Rome' has no Arabic letters"),
    (b"\xff\xfe\x00r", "not UTF-8"),
])
def test_a_bad_glossary_names_the_file_and_line(tmp_path, content, problem):
    path = tmp_path / "bad.tsv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(GlossaryError, match=problem) as e:
        Glossary.load(path)
    assert str(path) in str(e.value)


def test_protect_and_rendered():
    text = "وقال عثمان إلياسو جيبو إن مصنع النور أغلق"
    assert protect(text, GLOSSARY.find(text)) == "وقال Ousmane Illiassou Djibo إن Al-Nour Factory أغلق"
    assert protect("وبمصنع النور", GLOSSARY.find("وبمصنع النور")) == "وب Al-Nour Factory"
    assert rendered("Al-Nour Factory", "at the al nour factory.") and not rendered("Rome", "Romeo left")


SENTENCES = ["وقال وزير الخارجية الأمريكي أنتوني بلينكن إن الاجتماع مهم.",
             "عقد الاجتماع في العاصمة الإيطالية روما يوم الاثنين.",
             "وقال بلينكن في روما إن التحالف حقق نجاحا.",
             "ولروما تاريخ طويل مع بلينكن.",
             "جملة بلا مصطلحات."]


@pytest.mark.parametrize("backend", [HFTranslator, CT2Translator])
def test_enforcement_puts_the_rendering_in_every_sentence_with_the_term(tiny_models, tmp_path, monkeypatch, backend):
    """The tiny models translate into noise, so the rendering only gets there by enforcement."""
    monkeypatch.setenv("SUMMARIZE_MODEL_STORE", str(tmp_path / "store"))
    glossary = Glossary.from_terms([("أنتوني بلينكن", "Antony Blinken"), ("بلينكن", "Blinken"), ("روما", "Rome")])
    translator = GlossaryTranslator(backend(str(tiny_models.marian)), glossary)
    plain = backend(str(tiny_models.marian)).translate(SENTENCES)
    out = translator.translate(SENTENCES)
    for arabic, translation in zip(SENTENCES, out):
        for term in {m.term for m in glossary.find(arabic)}:
            assert rendered(term.english, translation.text), (arabic, term, translation.text)
        assert not getattr(translation, "missed", ())
    # a sentence without terms is translated as without a glossary
    assert translator.translate(SENTENCES[-1:]) == backend(str(tiny_models.marian)).translate(SENTENCES[-1:])
    assert not rendered("Rome", plain[1].text)  # without the glossary the model does not write it


class Dropper(FakeTranslator):
    """A model that drops whatever it is given and cannot be constrained."""

    def translate(self, texts):
        return [t.__class__(text="something else", score=-1.0) for t in super().translate(texts)]


def test_a_term_that_cannot_be_enforced_is_flagged(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("اجتماع في روما\nعقد وزراء الخارجية اجتماعا في روما يوم الاثنين.\n"
                                  "وقال الوزير إن المشاورات ستستمر غدا في العاصمة.", encoding="utf-8")
    glossary = Glossary.from_terms([("روما", "Rome")])
    store = Store(tmp_path / "g.db")
    run(folder, pipeline=Pipeline(GlossaryTranslator(Dropper(), glossary), FakeSummariser()), store=store)
    (article,) = store_articles(store)
    flags = {s["index"]: [f["name"] for f in s["flags"]] for s in article["sentences"]}
    with_term = [s["index"] for s in article["sentences"] if glossary.find(s["ar"])]
    assert with_term and all("glossary_miss" in flags[i] for i in with_term)
    assert not any("glossary_miss" in f for i, f in flags.items() if i not in with_term)
    reason = next(f["reason"] for f in article["sentences"][with_term[0]]["flags"] if f["name"] == "glossary_miss")
    assert "روما → Rome" in reason


def test_a_changed_entry_retranslates_only_the_sentences_that_contain_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(path, folder / path.name)
    texts = " ".join(p.read_text(encoding="utf-8") for p in folder.glob("*.txt"))
    assert "روما" in texts and "بلينكن" in texts
    store = Store(tmp_path / "c.db")

    def once(glossary):
        translator = FakeTranslator()
        report = run(folder, pipeline=Pipeline(GlossaryTranslator(translator, glossary), FakeSummariser()),
                     store=store)
        return translator, report

    first, report = once(Glossary.from_terms([("روما", "Rome"), ("بلينكن", "Blinken")]))
    assert report.articles_processed == 2
    same, report = once(Glossary.from_terms([("بلينكن", "Blinken"), ("روما", "Rome")]))  # same entries
    assert same.calls == [] and report.sentences_translated == 0
    changed, report = once(Glossary.from_terms([("روما", "Roma"), ("بلينكن", "Blinken")]))
    retranslated = [t for call in changed.calls for t in call]
    with_rome = {s["ar"] for a in store_articles(store) for s in a["sentences"] if "روما" in s["ar"]}
    assert retranslated and len(retranslated) == len(with_rome) == report.sentences_translated
    assert all("Roma" in t for t in retranslated)  # the protected source carries the new rendering
    runs = store.db.execute("SELECT settings FROM runs ORDER BY id").fetchall()
    hashes = [json.loads(r[0])["glossary"]["hash"] for r in runs]
    assert hashes[0] == hashes[1] != hashes[2]  # the stored signature records the glossary


def test_run_and_translate_take_a_glossary_file(tiny_models, tmp_path):
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("# our style sheet\nروما\tRome\tthe Italian capital\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    source = next(p for p in sorted(SEEDS.glob("*.txt")) if "روما" in p.read_text(encoding="utf-8"))
    shutil.copy(source, folder / source.name)
    db = tmp_path / "r.db"
    result = run_cli("run", str(folder), "--db", str(db), "--translation-model", str(tiny_models.marian),
                     "--summariser", "lead", "--glossary", str(glossary), env=OFFLINE)
    assert result.returncode == 0, result.stderr
    with Store(db) as store:
        (article,) = store_articles(store)
    rome = [s for s in article["sentences"] if "روما" in s["ar"]]
    assert rome and all(rendered("Rome", s["en"]) for s in rome)
    translated = run_cli("translate", str(folder / source.name), "--translation-model", str(tiny_models.marian),
                         "--flags", env={**OFFLINE, "SUMMARIZE_GLOSSARY": str(glossary)})
    assert translated.returncode == 0, translated.stderr
    assert "Rome" in translated.stdout
    bad = run_cli("translate", str(folder / source.name), "--translation-model", str(tiny_models.marian),
                  "--glossary", str(tmp_path / "missing.tsv"), env=OFFLINE)
    assert bad.returncode == 2 and "missing.tsv: cannot be read" in bad.stderr and "Traceback" not in bad.stderr
