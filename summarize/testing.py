"""Tiny real models for tests and benchmarks.

``python -m summarize.testing OUT_DIR`` writes ``OUT_DIR/marian`` and ``OUT_DIR/mt5``: SentencePiece
tokenizers trained on the seed articles (and on the English text below) and small randomly
initialised ``MarianMTModel`` / ``MT5ForConditionalGeneration`` checkpoints saved with
``save_pretrained``. They load through exactly the code that loads the real models
(``AutoTokenizer`` / ``AutoModelForSeq2SeqLM.from_pretrained`` on a folder), so the whole pipeline
runs offline. Their outputs are meaningless but deterministic (fixed seed).

The vocabulary is laid out like the real opus-mt models (``</s>`` = 0, ``<unk>`` = 1, ``<pad>``
last, ``decoder_start_token_id`` = pad), which CTranslate2's Marian converter requires.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from summarize.paths import project_path

SEEDS_DIR = project_path("seeds")

# English news prose so that the tokenizers also cover the target side.
ENGLISH_TEXT = """\
Foreign ministers of the international coalition against ISIS met in Rome on Monday.
The coalition, which has 83 members, discussed the growing threat of the group in Africa.
US Secretary of State Antony Blinken announced 436 million dollars in additional humanitarian aid.
He said American aid linked to the war in Syria had risen to 13.5 billion dollars.
Germany deploys about 250 soldiers in Iraq as part of the coalition's operations.
Italian Foreign Minister Luigi Di Maio proposed a working group to monitor the group's expansion.
The ministers stressed the importance of humanitarian assistance for all Syrians.
Twelve German soldiers were wounded in an attack in Mali last Friday, three of them seriously.
France has about 5,100 troops in the Sahel fighting armed groups.
Morocco hosted a meeting of the coalition in Marrakesh on 11 May 2022 with 76 countries.
Africa saw 500 terrorist attacks in 2021, a US official said.
The coalition suspended its military activities in Iraq in January 2020.
About eight million people were freed from the group's control in Iraq and Syria.
The year 2020 was the deadliest in the Sahel, with 4,250 people killed, an increase of 60 percent.
Security Council resolution 2254 remains the basis for a political solution in Syria.
Analysts believe that the withdrawal of troops from Afghanistan could worsen the crisis.
"""


@dataclass(frozen=True)
class TinyModels:
    """Folders of the tiny translation and summarisation models."""

    marian: Path
    mt5: Path


def _corpus(folder: Path) -> Path:
    arabic = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt")))
    path = folder / "corpus.txt"
    path.write_text(arabic + "\n" + ENGLISH_TEXT, encoding="utf-8")
    return path


def _train_spm(corpus: Path, prefix: Path, *, vocab_size: int, **ids: int) -> Path:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # a small corpus cannot fill a fixed vocabulary
        model_type="unigram",
        character_coverage=1.0,
        bos_id=-1,
        num_threads=1,
        minloglevel=2,
        **ids,
    )
    return prefix.with_suffix(".model")


# The real architectures, for benchmarks: same shapes as the published checkpoints, random weights.
OPUS_MT_AR_EN = {"vocab_size": 62834, "d_model": 512, "encoder_layers": 6, "decoder_layers": 6,
                 "encoder_attention_heads": 8, "decoder_attention_heads": 8, "encoder_ffn_dim": 2048,
                 "decoder_ffn_dim": 2048}
MT5_BASE = {"vocab_size": 250112, "d_model": 768, "d_kv": 64, "d_ff": 2048, "num_layers": 12, "num_decoder_layers": 12,
            "num_heads": 12, "feed_forward_proj": "gated-gelu"}


def build_marian(out: Path, *, seed: int = 0, vocab_size: int = 500, architecture: dict | None = None) -> Path:
    """Write a tiny Arabic→English MarianMT model (shared vocabulary) to ``out``.

    ``architecture`` (e.g. :data:`OPUS_MT_AR_EN`) overrides the tiny shapes; the vocabulary is then
    padded with unused entries to the architecture's size, as CTranslate2's converter requires.
    """
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        model_file = _train_spm(
            _corpus(Path(tmp)), Path(tmp) / "spm", vocab_size=vocab_size, eos_id=0, unk_id=1, pad_id=-1
        )
        sp = spm.SentencePieceProcessor(model_file=str(model_file))
        pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
        vocab = {piece: i for i, piece in enumerate(pieces)}
        if architecture:
            for i in range(len(vocab), architecture["vocab_size"] - 1):
                vocab[f"<unused{i}>"] = i
        vocab["<pad>"] = len(vocab)  # pad last, as in the real opus-mt vocabularies
        (Path(tmp) / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        tokenizer = MarianTokenizer(str(model_file), str(model_file), str(Path(tmp) / "vocab.json"))
        tokenizer.save_pretrained(out)
    pad = vocab["<pad>"]
    shapes = {"d_model": 32, "encoder_layers": 2, "decoder_layers": 2, "encoder_attention_heads": 2,
              "decoder_attention_heads": 2, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64,
              **(architecture or {}), "vocab_size": len(vocab)}
    config = MarianConfig(
        **shapes,
        max_position_embeddings=512,
        activation_function="swish",
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    _calm_eos(model, eos=0)
    model.generation_config.num_beams = 4
    model.generation_config.max_length = 512
    model.save_pretrained(out)
    return out


def build_mt5(out: Path, *, seed: int = 0, vocab_size: int = 500, architecture: dict | None = None) -> Path:
    """Write a tiny mT5 summarisation model to ``out`` (``architecture``, e.g. :data:`MT5_BASE`, for full size)."""
    import torch
    from transformers import AutoTokenizer, MT5Config, MT5ForConditionalGeneration

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        model_file = _train_spm(
            _corpus(Path(tmp)), Path(tmp) / "spm", vocab_size=vocab_size, pad_id=0, eos_id=1, unk_id=2
        )
        (out / "spiece.model").write_bytes(model_file.read_bytes())
    (out / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "T5Tokenizer", "extra_ids": 0, "model_max_length": 512}),
        encoding="utf-8",
    )
    tokenizer = AutoTokenizer.from_pretrained(out)
    shapes = {"vocab_size": len(tokenizer), "d_model": 32, "d_kv": 8, "d_ff": 64, "num_layers": 2,
              "num_decoder_layers": 2, "num_heads": 4, **(architecture or {})}
    config = MT5Config(
        **shapes,
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
    )
    config.tie_word_embeddings = False  # as in the real mT5 checkpoints (the constructor argument is not kept)
    torch.manual_seed(seed)
    model = MT5ForConditionalGeneration(config)
    # As in the real checkpoints, the encoder and the decoder read one shared embedding matrix (the
    # output projection, lm_head, is separate): transformers 5 unties them when tie_word_embeddings
    # is off, which would make the full-size model 192M parameters larger than mT5-base.
    with torch.no_grad():
        for stack in (model.encoder, model.decoder):
            stack.embed_tokens.weight.copy_(model.shared.weight)
    _calm_eos(model, eos=1)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def _calm_eos(model, *, eos: int) -> None:
    """Make end-of-sequence unlikely but possible, so random weights give non-empty outputs."""
    import torch

    with torch.no_grad():
        head = model.get_output_embeddings().weight
        head[eos].mul_(0.0)
        bias = getattr(model, "final_logits_bias", None)
        if bias is not None:
            bias[..., eos] = -2.0


def build_tiny_models(out: Path, *, seed: int = 0) -> TinyModels:
    """Build both tiny models under ``out`` (``out/marian`` and ``out/mt5``)."""
    out = Path(out)
    return TinyModels(marian=build_marian(out / "marian", seed=seed), mt5=build_mt5(out / "mt5", seed=seed))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] in {"-h", "--help"}:
        print("usage: python -m summarize.testing OUT_DIR\n\n" + (__doc__ or "").strip().splitlines()[0])
        return 0 if args and args[0] in {"-h", "--help"} else 2
    models = build_tiny_models(Path(args[0]))
    print(f"marian: {models.marian}\nmt5: {models.mt5}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
