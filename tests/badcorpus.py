"""The bad-input corpus: every kind of file users feed the tool, with its documented outcome.

``build(folder)`` writes the files and returns the cases. Outcomes: ``processed``, ``warning``
(processed, with a warning stored on the article) or ``rejected`` (with a message containing
``message``). docs/bad-input.md lists the same cases.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_000 = (SEEDS / "000_34a51e8d4cf6b769.txt").read_text(encoding="utf-8")
SEED_004 = (SEEDS / "004_a6009bdcd04234ad.txt").read_text(encoding="utf-8")
SHORT = "وتعهد بلينكن بتقديم 436 مليون دولار إضافي.\nوتنشر ألمانيا نحو 250 عسكريا في العراق، يعملون ضمن عمليات التحالف."


@dataclass(frozen=True)
class Case:
    name: str
    outcome: str  # processed | warning | rejected
    message: str = ""  # part of the rejection message or of the warning
    same_text_as: str | None = None  # for re-encodings: the text must equal this original's


def _html() -> str:
    body = "".join(f"<p>{line}</p>" for line in SEED_004.splitlines()[1:6])
    return ("<!DOCTYPE html><html lang='ar'><head><title>" + SEED_004.splitlines()[0] + "</title>"
            "<script>var tracking = function(){ return 1; };</script><style>p{color:red}</style></head><body>"
            "<nav><a href='/'>الرئيسية</a><a href='/world'>العالم</a></nav><header>موقع الأخبار</header>"
            f"<article><h1>{SEED_004.splitlines()[0]}</h1>{body}</article>"
            "<aside>الأكثر قراءة</aside><footer>جميع الحقوق محفوظة</footer></body></html>")


def build(folder: Path) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(0)
    lines = SEED_000.splitlines()
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace only.txt": b"   \n\t \r\n  ",
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(200),
        "document.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj" + rng.randbytes(200),
        "archive.txt": b"PK\x03\x04\x14\x00\x00\x00" + rng.randbytes(200),
        "random bytes.txt": rng.randbytes(4096),
        "nul bytes.txt": SHORT.encode("utf-8").replace(" ".encode(), b"\x00"),
        "utf8 with bom.txt": b"\xef\xbb\xbf" + SEED_000.encode("utf-8"),
        "utf16 le.txt": b"\xff\xfe" + SEED_000.encode("utf-16-le"),
        "utf16 be.txt": b"\xfe\xff" + SEED_000.encode("utf-16-be"),
        "utf16 le without bom.txt": SEED_000.encode("utf-16-le"),
        "windows-1256.txt": SEED_000.encode("cp1256"),
        "iso-8859-6.txt": SEED_000.encode("iso-8859-6"),
        "mixed encodings.txt": "\n".join(lines[:8]).encode("utf-8") + b"\n" + "\n".join(lines[8:]).encode("cp1256"),
        "web page.txt": _html().encode("utf-8"),
        "english.txt": b"The international coalition against ISIS met in Rome on Monday to discuss Africa.\n" * 5,
        "persian.txt": ("وزیران خارجه ائتلاف بین المللی علیه داعش روز دوشنبه در رم دیدار کردند و درباره تهدید این گروه "
                        "در آفریقا گفتگو کردند. آنها گفتند که این گروه هنوز خطرناک است و باید با آن مبارزه کرد.\n").encode(),
        "urdu.txt": ("داعش کے خلاف بین الاقوامی اتحاد کے وزرائے خارجہ نے پیر کو روم میں ملاقات کی اور افریقہ میں اس "
                     "گروپ کے خطرے پر بات چیت کی۔ انہوں نے کہا کہ یہ گروپ اب بھی خطرناک ہے۔\n").encode(),
        "one long line.txt": (" ".join(["كلمة" + str(i % 10) for i in range(9000)]))[:50_000].encode(),
        "diacritics and tatweel.txt": "عُنْوَانُ الخَبَرِ\nقالــــت الوِزارةُ إنّ الاجتمـــاع انتهى.".encode(),
        "arabic-indic digits.txt": "العنوان\nأصيب ١٢ جنديا في الهجوم، وقتل ٣٠ شخصا عام ٢٠٢١.".encode(),
        "bidi controls.txt": "\u202bالعنوان\u202c\nقالت\u200f الوزارة\u200d إن\u200c الاجتماع\u2066 انتهى\u2069.".encode(),
        "خبر عاجل مع مسافات.txt": SHORT.encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with open(folder / "twenty megabytes.txt", "wb") as out:
        out.write((SEED_000 + "\n").encode() * (20 * 2**20 // len(SEED_000.encode()) + 1))
    (folder / "link to a seed.txt").symlink_to(SEEDS / "002_3ceb2da326400ac5.txt")
    (folder / "broken link.txt").symlink_to(folder / "no such file.txt")
    (folder / "a folder.txt").mkdir()
    unreadable = folder / "unreadable.txt"
    unreadable.write_bytes(SHORT.encode())
    unreadable.chmod(0)
    root = os.geteuid() == 0  # root reads files whatever their permissions

    return [
        Case("empty.txt", "rejected", "the file is empty"),
        Case("whitespace only.txt", "rejected", "the file is empty"),
        Case("image.txt", "rejected", "binary file (PNG image)"),
        Case("document.txt", "rejected", "binary file (PDF document)"),
        Case("archive.txt", "rejected", "binary file (ZIP archive"),
        Case("random bytes.txt", "rejected", "binary"),
        Case("nul bytes.txt", "rejected", "NUL bytes"),
        Case("utf8 with bom.txt", "processed", same_text_as="000"),
        Case("utf16 le.txt", "processed", same_text_as="000"),
        Case("utf16 be.txt", "processed", same_text_as="000"),
        Case("utf16 le without bom.txt", "processed", same_text_as="000"),
        Case("windows-1256.txt", "processed", same_text_as="000"),
        Case("iso-8859-6.txt", "processed", same_text_as="000"),
        Case("mixed encodings.txt", "warning", "different encodings", same_text_as="000"),
        Case("web page.txt", "warning", "HTML page"),
        Case("english.txt", "rejected", "not Arabic"),
        Case("persian.txt", "rejected", "Persian (fa)"),
        Case("urdu.txt", "rejected", "Urdu (ur)"),
        Case("twenty megabytes.txt", "rejected", "over the limit"),
        Case("one long line.txt", "processed"),
        Case("diacritics and tatweel.txt", "processed"),
        Case("arabic-indic digits.txt", "processed"),
        Case("bidi controls.txt", "processed"),
        Case("خبر عاجل مع مسافات.txt", "processed"),
        Case("link to a seed.txt", "processed"),
        Case("broken link.txt", "rejected", "cannot be read"),
        Case("a folder.txt", "rejected", "cannot be read"),
        Case("unreadable.txt", "processed" if root else "rejected", "" if root else "cannot be read"),
    ]
