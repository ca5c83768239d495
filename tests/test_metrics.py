import json
import subprocess
import sys
from pathlib import Path

import pytest
from rouge_score import rouge_scorer

from summarize.evaluation import metrics

HYPS = ["The coalition met in Rome on Monday to discuss ISIS.", "Germany has 250 soldiers in Iraq.",
        "Blinken pledged 436 million dollars of aid."]
REFS = ["The coalition met in Rome on Monday to discuss the threat of ISIS.", "Germany deploys about 250 troops in Iraq.",
        "Blinken pledged an additional 436 million dollars in humanitarian aid."]


def test_translation_scores_equal_the_sacrebleu_command_line(tmp_path):
    hyp, ref = tmp_path / "hyp.en", tmp_path / "ref.en"
    hyp.write_text("\n".join(HYPS) + "\n")
    ref.write_text("\n".join(REFS) + "\n")
    cli = Path(sys.executable).with_name("sacrebleu")
    out = subprocess.run([str(cli), str(ref), "-i", str(hyp), "-m", "bleu", "chrf", "ter", "-b", "-w", "2"],
                         capture_output=True, text=True, check=True).stdout
    out = json.loads(out)  # with several metrics, -b prints a JSON list
    ours = metrics.translation_scores(HYPS, REFS)
    assert [ours["bleu"]["score"], ours["chrf"]["score"], ours["ter"]["score"]] == pytest.approx([float(x) for x in out], abs=0.01)
    assert "tok:13a" in ours["bleu"]["signature"]
    assert "nw:2" in ours["chrf_pp"]["signature"]  # chrF++


def test_english_rouge_equals_rouge_score():
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    expected = {t: sum(scorer.score(r, h)[t].fmeasure for h, r in zip(HYPS, REFS)) / 3 * 100 for t in metrics.ROUGE_TYPES}
    ours = metrics.rouge_scores(HYPS, REFS, lang="en")
    for t in metrics.ROUGE_TYPES:
        assert ours[t]["score"] == pytest.approx(expected[t], abs=0.01)
        low, high = ours[t]["ci95"]
        assert low <= ours[t]["score"] <= high


def test_rouge_golden_fraction():
    # hyp "a b c" vs ref "a b d e": unigram P = 2/3, R = 2/4, F1 = 4/7
    assert metrics.rouge_scores(["a b c"], ["a b d e"], lang="en")["rouge1"]["score"] == pytest.approx(400 / 7, abs=0.01)


ARABIC = "وتعهد بلينكن بتقديم 436 مليون دولار إضافي كمساعدات إنسانية أمريكية في المنطقة"
OTHER = "سجلت سوريا والعراق عودة عمليات التنظيم بعد مقتل زعيمه في عملية أمنية شمالي البلاد"


def test_arabic_rouge_self_is_100_and_unrelated_near_0():
    self_scores = metrics.rouge_scores([ARABIC], [ARABIC], lang="ar")
    assert all(self_scores[t]["score"] == 100 for t in metrics.ROUGE_TYPES)
    unrelated = metrics.rouge_scores([ARABIC], [OTHER], lang="ar")
    assert all(unrelated[t]["score"] < 10 for t in metrics.ROUGE_TYPES)
    assert "tok:ar-light" in self_scores["rouge1"]["signature"]


def test_arabic_tokenizer_keeps_letters_and_normalises():
    tok = metrics.ArabicTokenizer()
    assert tok.tokenize("إِنَّ الأمـــم المتحدة ٢٢٥٤") == ["ان", "الامم", "المتحده", "2254"]
    assert metrics.rouge_scores(["دَاعِش في إفريقيا"], ["داعش في افريقيا"], lang="ar")["rouge1"]["score"] == 100


def test_default_rouge_would_score_arabic_zero():
    # Why the Arabic tokenizer exists: rouge-score's default drops Arabic letters.
    scorer = rouge_scorer.RougeScorer(["rouge1"])
    assert scorer.score(OTHER, OTHER)["rouge1"].fmeasure == 0


def test_fact_recall_numbers_and_names():
    notes = ["The coalition has 83 members.", "Blinken pledged $436 million.", "Germany has about 250 soldiers in Iraq.",
             "2020 saw 4,250 deaths in the Sahel."]
    summary = "Antony Blinken said the ٨٣-member coalition would give 436 million; 4250 died in the Sahel in 2020."
    checks = metrics.fact_recall(notes, summary)
    assert [c.recalled for c in checks] == [True, True, False, True]
    assert checks[2].items == ("250", "Germany", "Iraq") and checks[2].found == ()


def test_bootstrap_is_seeded():
    values = [10.0, 20.0, 30.0, 40.0, 55.0]
    assert metrics.bootstrap_ci(values) == metrics.bootstrap_ci(values)
    same = metrics.paired_bootstrap_mean(values, values)
    assert same["difference"] == 0 and same["p_value"] == 1.0
    better = metrics.paired_bootstrap_mean(values, [v + 20 for v in values])
    assert better["difference"] == 20 and better["p_value"] < 0.05


def test_paired_translation_test_uses_sacrebleu_bootstrap():
    worse = ["The met.", "Germany Iraq.", "Blinken."]
    result = metrics.paired_translation_test(worse, HYPS, REFS)
    assert result["bleu"]["b"] > result["bleu"]["a"]
    assert "bs:1000" in result["bleu"]["signature"] and "seed:12345" in result["bleu"]["signature"]


def test_score_lines_rejects_misaligned_files():
    from summarize.errors import ConfigError

    with pytest.raises(ConfigError, match="not line-aligned"):
        metrics.score_lines(["a"], ["a", "b"])
