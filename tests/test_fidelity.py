"""The trust layer on cases it was not tuned on: every bug quoted in the fidelity issue is a case
here, plus the benchmark's arithmetic and the `check` / `fidelity` commands."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT

from summarize.evaluation import fidelity
from summarize.tasks.checks import check_pairs, number_mismatch
from summarize.tasks.evidence import check_summary
from summarize.text import numbers
from summarize.text.clean import clean
from summarize.text.segment import sentence_spans

BODY = ("أعلنت وزارة الصحة اليوم عن خطة جديدة لتطوير المستشفيات الحكومية في المحافظات كافة خلال العامين المقبلين، "
        "بتكلفة إجمالية تبلغ ثلاثة مليارات جنيه.")
BODY2 = ("وقال الوزير في مؤتمر صحفي إن الخطة تشمل بناء عشرين مستشفى جديدا وتحديث الأجهزة الطبية في المستشفيات "
         "القائمة، إضافة إلى تدريب الكوادر الطبية.")


def cleaned(*lines):
    return clean("\n".join(lines), "t.txt")


def kept(doc):
    return list(doc.paragraphs)


# --- cleaning -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "وفي تطورات ذات صلة، أعلنت وزارة المالية طرح صكوك سيادية بقيمة 1.5 مليار دولار.",
    "طباعة النقود",
    "الدفاع – طعن بالتمييز",
    "غزة - رام الله",
    "وتعقد اللجنة اجتماعها المقبل في 21/9/2023.",
    "وحددت محكمة الاستئناف جلسة 15/1/2024 للنظر في الطعن.",
    "الجمعة 3 قتلى في هجوم جديد",
])
def test_content_lines_that_look_like_cruft_are_kept(line):
    doc = cleaned("عنوان الخبر عن خطة الصحة الجديدة", BODY, line, BODY2)
    assert line in kept(doc)
    assert doc.dateline is None or doc.dateline != line


@pytest.mark.parametrize(("line", "reason"), [
    ("اقرأ أيضا: وزير المالية يعلن موعد صرف المرتبات", "link"),
    ("آخر تحديث: 10:45 ص", "timestamp"),
    ("المصدر: وكالات", "credit"),
    ("(صورة: رويترز)", "caption"),
    ("تابعونا على تويتر", "social"),
    ("الأكثر قراءة", "promotion"),
    ("إعلان", "promotion"),
    ("عاجل", "promotion"),
    ("جميع الحقوق محفوظة © 2023", "copyright"),
])
def test_cruft_lines_are_dropped_with_a_reason(line, reason):
    doc = cleaned("عنوان الخبر عن خطة الصحة الجديدة", BODY, line, BODY2)
    assert line not in kept(doc)
    assert reason in next(d.reason for d in doc.dropped if d.text == line)


def test_breadcrumbs_are_not_the_title_and_bylines_are_metadata():
    doc = cleaned("الرئيسية > أخبار > عربي", "خطة حكومية لتطوير المستشفيات خلال عامين", "كتب: محمد علي",
                  "القاهرة - الخميس 3 أغسطس 2023", BODY, BODY2, "بقلم: سامي حداد")
    assert doc.title == "خطة حكومية لتطوير المستشفيات خلال عامين"
    assert doc.dateline == "القاهرة - الخميس 3 أغسطس 2023"
    assert doc.bylines == ("كتب: محمد علي", "بقلم: سامي حداد")
    assert kept(doc) == [doc.title, BODY, BODY2]


def test_publication_line_is_the_dateline_and_a_date_in_the_body_is_not():
    doc = cleaned("خطة حكومية لتطوير المستشفيات", "تاريخ النشر: الأحد، 12 مارس 2023 - 09:30 ص", BODY,
                  "وتعقد اللجنة اجتماعها المقبل في 21/9/2023.")
    assert doc.dateline == "تاريخ النشر: الأحد، 12 مارس 2023 - 09:30 ص"
    body_only = cleaned("خطة حكومية لتطوير المستشفيات", BODY, "وتعقد اللجنة اجتماعها المقبل في 21/9/2023.")
    assert body_only.dateline is None


def test_short_lines_after_a_link_list_and_repeated_list_lines_are_kept():
    doc = cleaned("خطة حكومية لتطوير المستشفيات", BODY, "أخبار ذات صلة",
                  "افتتاح أربعة مستشفيات جديدة في محافظة الجيزة هذا الشهر", "",
                  "أسعار الخدمات", "الكشف: 50 جنيها", "الكشف: 50 جنيها", BODY2)
    assert "افتتاح أربعة مستشفيات جديدة في محافظة الجيزة هذا الشهر" not in kept(doc)
    assert kept(doc).count("الكشف: 50 جنيها") == 2 and "أسعار الخدمات" in kept(doc)


def test_lines_repeated_across_a_folder_are_boilerplate_only_when_short():
    from summarize.text.clean import line_key, repeated_lines

    footer = "اشترك الآن في خدمة الرسائل"
    texts = [f"عنوان {i} عن الصحة والتعليم\n{BODY}\n{footer}" for i in range(3)]
    boilerplate = repeated_lines(texts)
    assert line_key(footer) in boilerplate and line_key(BODY) not in boilerplate
    doc = clean(texts[0], "a.txt", boilerplate=boilerplate)
    assert footer not in kept(doc) and BODY in kept(doc)


# --- segmentation ---------------------------------------------------------------------------------------

def sentences(text):
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize("text", [
    "وقال إن «المشكلة ليست في التنظيم؛ بل إنه يكتسب نفوذا في مناطق أخرى» في إشارة إلى الساحل.",
    "قادها أ.د. كريم عبد الغني في جامعة القاهرة.",
    "وقعت الاتفاقية مع ج.م.ع. في العام الماضي.",
    "Talks with U.S. officials resumed in Rome.",
    "جاء الجواب بثقة تامة... وبخطأ فادح.",
    "وقال المدرب: «نفذنا ما طلبناه. لكن الطريق طويل»، مضيفا أن الصدارة لا تعني شيئا.",
])
def test_one_sentence_is_not_cut(text):
    assert sentences(text) == [text]


def test_sentences_still_split_and_cover_every_character():
    text = "قال الوزير: «انتهى الاجتماع». وغادر الوفد القاهرة؟ نعم! ثم عاد."
    assert sentences(text) == ["قال الوزير: «انتهى الاجتماع».", "وغادر الوفد القاهرة؟", "نعم!", "ثم عاد."]


# --- numbers ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("arabic", "english"), [
    ("ارتفع التضخم 10 بالمئة", "Inflation rose 10 percent"),
    ("نشر ثلاثة آلاف وخمسمائة جندي", "3,500 soldiers were deployed"),
    ("شارك خمسة وعشرون لاعبا", "25 players took part"),
    ("نزح مليونان", "Two million were displaced"),
    ("خصص ملياري دولار", "allocated $2 billion"),
    ("حضر ألفي شخص", "2,000 people attended"),
    ("أصيب ثلاثمائة", "300 were injured"),
    ("اعتقل مائة وخمسون", "150 were arrested"),
    ("خلال خمس سنوات وست دول وسبع جولات وتسع ساعات وعشر دقائق",
     "in five years, six countries, seven rounds, nine hours and ten minutes"),
    ("في القرن الحادي والعشرين", "in the 21st century"),
    ("في الأول من نوفمبر", "on November 1"),
    ("في 15/1/2024", "on 15 January 2024"),
    ("موسم 2020-2021", "the 2020-21 season"),
    ("بسبب كورونا", "because of COVID-19"),
    ("في 5 رمضان 1445هـ", "on 5 Ramadan 1445 AH"),
    ("في 12 آذار وفي 9 جوان", "on 12 March and on 9 June"),
    ("بين 200 و300 ألف دولار", "between $200,000 and $300,000"),
])
def test_numbers_that_agree(arabic, english):
    assert number_mismatch(arabic, english) is None


@pytest.mark.parametrize(("arabic", "english", "shown"), [
    ("ربع السكان", "half the population", "half"),
    ("عشرات القتلى", "hundreds of dead", "hundreds"),
    ("تبرع بمليون دولار", "donated half a million dollars", "half a million"),
    ("خمسة وعشرون", "twenty", "twenty"),
    ("في 15/1/2024", "on 15 February 2024", "15 February 2024"),
    ("يوم الخميس", "on Wednesday", "Wednesday"),
    ("بقيمة 436 مليون دولار", "worth 436 billion dollars", "436 billion"),
])
def test_numbers_that_disagree_are_named_on_both_sides(arabic, english, shown):
    flag = number_mismatch(arabic, english)
    assert flag is not None and shown in flag.reason and "the Arabic has" in flag.reason


def test_dates_are_normalised_to_iso_parts():
    (date,) = [q for q in numbers.read("الثلاثاء 11 حزيران 2024", "ar") if q.kind == "date"]
    assert date.label() == "2024-06-11"
    hijri = [q for q in numbers.read("5 رمضان 1445هـ", "ar") if q.kind == "hijri"][0]
    assert ("d", 2024, 3, 15) in hijri.keys  # Umm al-Qura: 5 Ramadan 1445 = 15 March 2024


# --- evidence ----------------------------------------------------------------------------------------------

ARTICLE = ("Health officials said 12 people were killed and 30 injured in the flood in Salalah on Monday.\n"
           "The Omani government pledged 436 million dollars for reconstruction, the ministry said.")


@pytest.mark.parametrize(("summary", "flag"), [
    ("The Omani government pledged 436 billion dollars for reconstruction, the ministry said.", "summary_number_mismatch"),
    ("The Emirati government pledged 436 million dollars for reconstruction, the ministry said.", "unsupported_name"),
    ("Twelve people were killed and 30 injured in the flood in Salalah on Monday.", "unsupported_attribution"),
    ("The government also promised to build a new dam near Nizwa by 2030.", "unsupported"),
])
def test_summary_facts_not_in_the_evidence_are_flagged(summary, flag):
    (result,) = check_summary(ARTICLE, summary, lang="en")
    assert flag in [f["name"] for f in result["flags"]] and result["unsupported"]


def test_a_faithful_paraphrase_is_supported():
    (result,) = check_summary(ARTICLE, "Officials said the flood in Salalah killed twelve people and injured 30 on "
                                       "Monday.", lang="en")
    assert result["flags"] == [] and result["evidence"] == [0]


# --- the benchmark and the commands --------------------------------------------------------------------------

def test_benchmark_arithmetic():
    assert fidelity.precision_recall(3, 1, 2) == (0.75, 0.6)
    assert fidelity.precision_recall(0, 0, 0) == (1.0, 1.0)
    assert fidelity.boundaries(["ab c", "d e", "f"]) == {3, 5}
    results = {"numbers": {"precision": 0.95, "recall": 0.89}}
    targets = fidelity.check_targets(results)
    assert targets["numbers.precision"]["met"] and not targets["numbers.recall"]["met"]


def test_fidelity_scores_a_small_corpus(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "01.txt").write_text(
        "# outlet: test\n" "cruft:nav\tالرئيسية > أخبار\n" "title\tخطة حكومية لتطوير المستشفيات في المحافظات\n"
        f"content\t{BODY} ¦ {BODY2}\n" "cruft:copyright\tجميع الحقوق محفوظة © 2024\n", encoding="utf-8")
    (tmp_path / "numbers.tsv").write_text("label\tar\ten\tcategory\tnote\n"
                                          "correct\tقتل 12 شخصا\t12 people were killed\tdigits\t\n"
                                          "wrong\tقتل 12 شخصا\t21 people were killed\tdigits\t12 vs 21\n", encoding="utf-8")
    results = fidelity.run(tmp_path)
    assert results["cleaning"]["content_dropped"] == 0 and results["cleaning"]["cruft_kept"] == 0
    assert results["cleaning"]["title_accuracy"] == 1.0
    assert results["segmentation"]["boundaries"] == 1 and results["segmentation"]["recall"] == 1.0
    assert results["numbers"]["precision"] == 1.0 and results["numbers"]["recall"] == 1.0


def test_check_command_prints_one_json_object_per_line(tmp_path):
    (tmp_path / "a.txt").write_text("قتل 12 شخصا يوم الخميس\nارتفع التضخم 10 بالمئة\n", encoding="utf-8")
    (tmp_path / "e.txt").write_text("12 people were killed on Wednesday\nInflation rose 10 percent\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "summarize", "check", "--src", str(tmp_path / "a.txt"), "--hyp",
                          str(tmp_path / "e.txt"), "--json"], capture_output=True, text=True, cwd=ROOT, check=True)
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["line"] for r in lines] == [1, 2]
    assert [f["name"] for f in lines[0]["flags"]] == ["number_mismatch"] and lines[1]["flags"] == []
    assert check_pairs(["قتل 12"], ["12 killed"]) == [{"line": 1, "flags": []}]


def test_check_command_checks_a_summary(tmp_path):
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "summary.txt").write_text("The Omani government pledged 436 billion dollars for reconstruction, "
                                          "the ministry said.", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "summarize", "check", "--article", str(tmp_path / "article.txt"),
                          "--summary", str(tmp_path / "summary.txt"), "--json"], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    (item,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert set(item) == {"sentence", "evidence", "flags"} and item["evidence"] == [1]
    assert "summary_number_mismatch" in [f["name"] for f in item["flags"]]


def test_fidelity_command_meets_its_targets_on_the_corpus(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, "-m", "summarize", "fidelity", "-o", str(out)], capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads(out.read_text(encoding="utf-8"))
    assert all(t["met"] for t in results["targets"].values())
    assert "numbers.recall" in proc.stdout


def test_check_command_without_inputs_says_what_to_give():
    out = subprocess.run([sys.executable, "-m", "summarize", "check", "--src", "x.txt"], capture_output=True,
                         text=True, cwd=ROOT)
    assert out.returncode == 2 and "--hyp" in out.stderr and "Traceback" not in out.stderr
