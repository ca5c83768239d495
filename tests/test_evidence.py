from summarize.tasks.evidence import link_evidence

ENGLISH = [
    "The coalition met in Rome on Monday.",
    "Blinken pledged 436 million dollars in additional humanitarian aid for the region.",
    "Germany deploys about 250 soldiers in Iraq.",
    "The ministers discussed the threat in Africa.",
]


def test_a_copied_sentence_links_to_its_segment():
    summary = "Blinken pledged 436 million dollars in additional humanitarian aid for the region. Germany deploys 250 soldiers in Iraq."
    evidence = link_evidence(summary, ENGLISH, lang="en")
    assert [e["segments"][0] for e in evidence] == [1, 2]
    assert evidence[0]["support"][0] == 1.0
    assert not any(e["unsupported"] for e in evidence)


def test_a_sentence_with_no_support_is_flagged_unsupported():
    evidence = link_evidence("Aliens landed in Paris yesterday.", ENGLISH, lang="en")
    assert evidence == [{"sentence": "Aliens landed in Paris yesterday.", "segments": [], "support": [], "unsupported": True}]


def test_arabic_summary_against_arabic_segments_ignores_diacritics():
    arabic = ["اجتمع التحالف في روما يوم الاثنين.", "وتعهد بلينكن بتقديم 436 مليون دولار إضافي كمساعدات إنسانية."]
    evidence = link_evidence("وتعهّد بلينكن بتقديم ٤٣٦ مليون دولار إضافي.", arabic, lang="ar")
    assert evidence[0]["segments"] == [1]
