"""What a faster backend costs in quality, measured before choosing it.

:func:`verify_translation_model` translates the reference translations' Arabic with transformers
in fp32 and with CTranslate2 at the compute type it would use (int8 on CPU, bfloat16 on GPU, or
the one given), scores both against the human references (BLEU, chrF) and against each other
(the agreement: BLEU of CTranslate2's output with transformers' output as reference, and the share
of identical sentences). A user with the real weights sees what int8 or bf16 costs on news text.
"""

from __future__ import annotations

from collections.abc import Sequence


def verify_translation_model(model: str, *, device: str = "auto", compute_type: str | None = None,
                             pairs: Sequence[tuple[str, str]] | None = None) -> dict:
    """Scores of ``model`` through both backends on ``pairs`` (default: the packaged references)."""
    import sacrebleu

    from summarize.tasks.checks import packaged_reference_pairs
    from summarize.tasks.translate import CT2Translator, HFTranslator

    pairs = list(pairs or packaged_reference_pairs())
    sources, references = [a for a, _ in pairs], [e for _, e in pairs]
    reference = HFTranslator(model, device="cpu")  # fp32: the baseline
    fast = CT2Translator(model, device=device, compute_type=compute_type)
    outputs = {"transformers": [t.text for t in reference.translate(sources)],
               "ct2": [t.text for t in fast.translate(sources)]}

    def scores(hyps: list[str], refs: list[str]) -> dict:
        bleu, chrf = sacrebleu.corpus_bleu(hyps, [refs]), sacrebleu.corpus_chrf(hyps, [refs])
        return {"bleu": round(bleu.score, 2), "chrf": round(chrf.score, 2)}

    agreement = sacrebleu.corpus_bleu(outputs["ct2"], [outputs["transformers"]])
    return {
        "model": reference.signature()["model"],
        "revision": reference.signature().get("revision"),
        "sentences": len(pairs),
        "transformers": {"compute_type": "float32", "device": "cpu", **scores(outputs["transformers"], references)},
        "ct2": {"compute_type": fast.compute_type, "device": fast.signature().get("device", device),
                **scores(outputs["ct2"], references)},
        "agreement": {"bleu": round(agreement.score, 2),
                      "identical": round(sum(a == b for a, b in zip(outputs["ct2"], outputs["transformers"]))
                                         / max(len(pairs), 1), 4)},
        "signature": "sacrebleu " + sacrebleu.__version__ + "|tok:13a|refs:1",
    }
