import pytest
from conftest import ROOT

from summarize.tasks import checks
from summarize.tasks.checks import check_translation, number_mismatch

GOOD = "The coalition, which has 83 members, met in Rome on Monday to discuss the threat in Africa."
AR = "اجتمع التحالف الذي يضم 83 عضوا في روما يوم الاثنين لبحث التهديد في أفريقيا."


def names(flags):
    return [f.name for f in flags]


def test_number_mismatch_fires_on_changed_number_and_names_it():
    assert number_mismatch("بقيمة 436 مليون دولار", "worth 436 million dollars") is None
    flag = number_mismatch("بقيمة 436 مليون دولار", "worth 346 million dollars")
    assert flag.name == "number_mismatch" and "436" in flag.reason and "346" in flag.reason


@pytest.mark.parametrize(("arabic", "english"), [
    ("ترتفع إلى 13.5مليار دولار", "rises to 13.5 billion dollars"),
    ("ترتفع إلى ١٣٫٥ مليار دولار", "rises to 13.5 billion dollars"),
    ("إن 10 آلاف من مقاتلي التنظيم", "10,000 of the group's fighters"),
    ("بما مجموعه 4250 قتيلاً، بزيادة نسبتها 60 في المئة", "a total of 4,250 killed, an increase of 60 percent"),
    ("وأصيب ثلاثة جنود بجروح خطيرة", "three soldiers were seriously wounded"),
    ("ما يقرب من ثمانية ملايين شخص", "nearly eight million people"),
    ("الدول الـ83 الأعضاء", "the 83 member states"),
    ("يوم الاثنين", "on Monday"),
    ("استهداف قاعدتين عسكريتين", "targeting two military bases"),
])
def test_number_forms_that_agree(arabic, english):
    assert number_mismatch(arabic, english) is None


@pytest.mark.parametrize(("arabic", "english"), [
    ("وأصيب ثلاثة جنود", "two soldiers were wounded"),
    ("في عام 2020", "in 2021"),
    ("قرار مجلس الأمن رقم 2254", "Security Council resolution"),
    ("نحو 250 عسكريا", "about 2,500 soldiers"),
])
def test_number_forms_that_disagree(arabic, english):
    assert number_mismatch(arabic, english) is not None


def test_each_flag_fires_on_a_bad_translation_and_not_on_the_good_one():
    assert check_translation(AR, GOOD, score=-0.4, low_score=-2.0) == []
    assert names(check_translation(AR, "The coalition داعش met in Rome on Monday to discuss Africa's 83 members.",
                                   score=-0.4)) == ["untranslated"]
    assert "repetition" in names(check_translation(AR, GOOD + " the the the the", score=-0.4))
    assert "repetition" in names(check_translation(AR, "of the of the of the coalition 83", score=-0.4))
    assert names(check_translation(AR, "83 met on Monday.", score=-0.4)) == ["length_ratio"]
    assert names(check_translation(AR, GOOD, score=-3.5, low_score=-2.0)) == ["low_score"]
    assert names(check_translation(AR, GOOD, score=-0.4, complete=False)) == ["truncated_output"]
    assert names(check_translation(AR, GOOD, score=-0.4, input_tokens=300, max_input_tokens=256)) == ["truncated_input"]
    assert check_translation(AR, GOOD, score=-0.4, input_tokens=256, max_input_tokens=256) == []
    assert all(f.reason for f in check_translation(AR, "x داعش x x x x", score=-9, low_score=-1, complete=False,
                                                   input_tokens=9, max_input_tokens=1))


def test_length_bounds_are_derived_from_the_references():
    pairs = checks.reference_pairs(ROOT / "eval" / "references")
    assert checks.derive_length_bounds(pairs) == checks.LENGTH_RATIO_BOUNDS
    flagged = [ar for ar, en in pairs if checks.length_ratio(ar, en)]
    assert flagged == []  # no human reference translation is flagged


def test_references_raise_no_flag():
    pairs = checks.reference_pairs(ROOT / "eval" / "references")
    flagged = [(ar, en, check_translation(ar, en, score=-1.0)) for ar, en in pairs]
    assert [f for f in flagged if f[2]] == []


def test_low_score_threshold_is_a_low_percentile_minus_margin():
    scores = [-1.0 - i / 100 for i in range(100)]
    assert checks.low_score_threshold(scores) == pytest.approx(-1.9405 - checks.LOW_SCORE_MARGIN, abs=1e-3)


def test_packaged_reference_pairs_are_the_references():
    """The pairs shipped in the package (low_score calibration) are those of eval/references:
    regenerate with `python -m summarize.tasks.checks package eval/references`."""
    assert checks.packaged_reference_pairs() == checks.reference_pairs(ROOT / "eval" / "references")
