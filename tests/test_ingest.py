import pytest
from conftest import SEEDS

from summarize.errors import BinaryInputError, EmptyInputError, NotArabicError
from summarize.sources.files import article_files, read_article
from summarize.text.clean import clean
from summarize.text.decode import decode

ARABIC = "وتعهد بلينكن بتقديم 436 مليون دولار إضافي كمساعدات إنسانية أمريكية في المنطقة.\nوتنشر ألمانيا نحو 250 عسكريا في العراق."


def seed(prefix: str):
    return read_article(next(SEEDS.glob(f"{prefix}_*.txt")))


def reasons(doc):
    return [(d.line, d.reason) for d in doc.dropped]


def test_003_duplicate_body_is_dropped_and_recorded():
    doc = seed("003")
    assert len(doc.paragraphs) == 20
    assert len(set(doc.paragraphs)) == 20
    dupes = [d for d in doc.dropped if d.reason.startswith("duplicate of line")]
    assert [d.line for d in dupes] == list(range(21, 40))
    assert dupes[0].reason == "duplicate of line 2"


def test_001_boilerplate_removed_and_recorded():
    doc = seed("001")
    assert reasons(doc) == [(3, "dateline (kept as metadata)"), (4, "share or print buttons"),
                            (29, "share or print buttons")]
    assert doc.dateline == "الثلاثاء 29/يونيو/2021 - 03:11 ص"
    assert doc.title.startswith("وسط تزايد المخاوف من انتشاره")
    assert "شارك" not in doc.paragraphs and not any(p.startswith("طباعة") for p in doc.paragraphs)


def test_002_byline_and_comment_form_removed():
    doc = seed("002")
    assert reasons(doc) == [(31, "byline (kept as metadata)"), (33, "comment form"), (35, "comment form")]
    assert doc.bylines == ("أشرف كمال – الخليج أونلاين",)
    assert len(doc.paragraphs) == 15
    assert all("\u00a0" not in p and "  " not in p for p in doc.paragraphs)


def test_004_read_more_block_removed_but_subheadings_kept():
    doc = seed("004")
    assert [line for line, _ in reasons(doc)] == [8, 9]
    assert reasons(doc)[0] == (8, "link to another article")
    assert "الوضع في العراق" in doc.paragraphs
    assert "التهديد في الساحل الأفريقي" in doc.paragraphs


def test_000_keeps_every_line():
    doc = seed("000")
    assert doc.dropped == ()
    assert len(doc.paragraphs) == 17
    assert doc.paragraphs[0] == doc.title


def test_tatweel_and_invisible_marks_removed():
    doc = clean("العنوان\nقالــــت الوزارة\u200f إن\u00a0 الاجتماع   انتهى.")
    assert doc.paragraphs[1] == "قالت الوزارة إن الاجتماع انتهى."


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256"])
def test_decodes_supported_encodings(encoding):
    text, used = decode(ARABIC.encode(encoding), "x.txt")
    assert text.lstrip("\ufeff") == ARABIC
    if encoding == "cp1256":
        assert used == "cp1256"


def test_seed_in_windows_1256_equals_utf8_original():
    original = next(SEEDS.glob("002_*.txt"))
    text, used = decode(original.read_text(encoding="utf-8").encode("cp1256"), "copy.txt")
    assert used == "cp1256"
    assert clean(text).text == read_article(original).text


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", EmptyInputError, "empty"),
        (b"  \n\t \r\n", EmptyInputError, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInputError, "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3", BinaryInputError, "PDF"),
        (b"abc\x00\x01\x02\xff\xfe\x00", BinaryInputError, "NUL"),
        ("The coalition met in Rome on Monday.".encode(), NotArabicError, "not Arabic"),
    ],
)
def test_bad_input_is_rejected_with_a_named_reason(data, error, words):
    with pytest.raises(error) as info:
        decode(data, "bad.txt")
    assert str(info.value).startswith("bad.txt: ")
    assert words in str(info.value)


def test_article_files_lists_txt_in_order(tmp_path):
    for name in ["b.txt", "a.txt", "c.md", ".hidden.txt"]:
        (tmp_path / name).write_text("x")
    assert [p.name for p in article_files(tmp_path)] == ["a.txt", "b.txt"]
