"""The names ledger: how the names and terms of stored sentence pairs came out in English.

Machine translation spells one person differently from one article to the next ("Othman Alhassane
Gibo", "Ousmane Illiassou Djibo" for عثمان إلياسو جيبو). :func:`ledger` reads sentence pairs (an
Arabic sentence, its English translation) and lists each Arabic name or term with its English
renderings, how often and where each occurs, marking those rendered in more than one way, so that
an editor can pin one spelling in the glossary.

Method:

1. English names are maximal runs of capitalised tokens ("Oumar Salifou Konate", "al-Haddad"), with
   lowercase connectors inside (al, bin, de, of…). A sentence-initial capitalised word that is a
   function word or is written in lowercase elsewhere ("The", "In") is no name, titles before a
   name are dropped ("Finance Minister Youssef Daouda" → "Youssef Daouda"), a possessive ends a run.
2. All pairs are word-aligned by eflomal in one call; its forward and reverse links are symmetrised
   (grow-diag-final: the intersection, grown to words left without a link).
3. A run's Arabic side is placed by the first of three means that places it; it is a few words (at
   most one more than the run), without punctuation or function words, or the occurrence is skipped:
   - transliteration, deterministic and good on few pairs: at least half of the run's words match
     Arabic words by consonant skeleton (Konate ~ كوناتي, Ousmane ~ عثمان), the others lie between
     them; two such names separated by loosely matching words are one ("Othman alhassane Gibo");
   - recurrence, for translated names written the same way in several sentences ("World Bank"):
     the Arabic n-gram that comes with them most consistently (Dice over the sentences);
   - alignment: the run is linked by eflomal to an Arabic name already placed elsewhere and to no
     other English word ("Global Bank" once for البنك الدولي).
4. Proclitics attached to the first word (و ف ب ل ك, لل for ل + ال) are dropped when the bare form
   is (part of) a name found elsewhere (لكوناتي → كوناتي, but not كمال → مال), and occurrences are
   grouped by the normalised Arabic (:func:`summarize.text.normalise.match_key`).
5. Glossary terms are found in the Arabic as the glossary finds them (any spelling variant, attached
   proclitics, never inside a longer word); their English there is the glossary's English where the
   sentence has it, else the name run transliterating the term, else the words aligned to it.

eflomal samples and cannot be seeded (its binary seeds itself from /dev/urandom), so what it alone
decides can change from one run to the next: the third means above and a term's English not written
as the glossary has it. All else is deterministic; where the aligner has nothing to decide alone,
the same pairs give the same ledger every time.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from summarize.text.glossary import Glossary, Term
from summarize.text.normalise import match_key


class Pair(NamedTuple):
    """A stored sentence pair: sentence ``index`` of article ``article_id``, in Arabic and English."""

    article_id: int
    index: int
    ar: str
    en: str


@dataclass
class Rendering:
    """One English spelling of a name: how often, and where (article id, sentence index) it occurs."""

    english: str
    count: int = 0
    occurrences: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class NameEntry:
    """An Arabic name or term of the ledger with its English renderings (most frequent first)."""

    arabic: str
    key: str
    renderings: list[Rendering]
    pinned: str | None = None

    @property
    def total(self) -> int:
        return sum(r.count for r in self.renderings)

    @property
    def inconsistent(self) -> bool:
        """Rendered in more than one way (case, punctuation and spacing aside)."""
        return len({_fold(r.english) for r in self.renderings}) > 1

    def as_dict(self) -> dict:
        renderings = [{"english": r.english, "count": r.count,
                       "occurrences": [{"article": a, "sentence": s} for a, s in r.occurrences]}
                      for r in self.renderings]
        return {"arabic": self.arabic, "key": self.key, "renderings": renderings, "total": self.total,
                "inconsistent": self.inconsistent, "pinned": self.pinned}


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


# --- tokens --------------------------------------------------------------------------------------

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u0640"
_AR_TOKEN = re.compile(rf"[\w{_MARKS}]+|[^\w\s{_MARKS}]")
_EN_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:['’-]\w+)*|[^\w\s]")
_POSSESSIVE = re.compile(r"['’]s?$")

_FUNCTION = frozenset("""a an the in on at of for to from by with as about after before during since until into
over under between against among through without within near he she it they we i you his her its their our this
that these those there here then but and or nor so yet if when while where what who whom which why how also
meanwhile however moreover earlier later last next some many most several each every all both no not one two
three four five according""".split())
_CONNECTORS = frozenset("al el bin ibn bint ben abu abd ould de du da di del della der van von es of".split())
_TITLES = frozenset("""president vice prime minister deputy secretary king queen prince princess emir sheikh sultan
crown dr mr mrs ms sir imam judge chancellor ambassador envoy governor mayor speaker chairman spokesman spokeswoman
spokesperson senator colonel col lieutenant captain commander professor prof""".split())
# Arabic function words: never the Arabic of a name.
_AR_STOP = frozenset(match_key("""في من إلى على عن أن إن ما لا لم لن قد مع هذا هذه ذلك تلك التي الذي الذين كان كانت
بين بعد قبل عند حتى أو ثم كما قال وقال قالت وقالت أمام خلال حول ضد منذ عبر لدى غير كل بعض هو هي هم أي""").split())
_MAX_TOKENS = 400  # longer sentences are not aligned (eflomal's limit is 1024 tokens)


_word_key = lru_cache(maxsize=1 << 18)(match_key)


def _capitalised(token: str) -> bool:
    """"Konate", "UN", "al-Haddad", "d'Ivoire"."""
    return re.sub(r"^[a-z]{1,3}['’-](?=\w)", "", token)[:1].isupper()


def _proclitic_forms(word: str) -> list[tuple[int, str]]:
    """The ways to read normalised Arabic ``word`` as proclitics + a word: (letters dropped, bare
    word), longest proclitics first; ل + ال is written لل (للاتحاد → الاتحاد)."""
    forms = []
    for prefix in ("وب", "وك", "ول", "فب", "فك", "فل", "و", "ف", "ب", "ك", "ل"):
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) >= 2:
            if prefix.endswith("ل") and rest.startswith("ل"):
                forms.append((len(prefix), "ا" + rest))
            forms.append((len(prefix), rest))
    return forms


# --- transliteration -----------------------------------------------------------------------------

# The Latin consonants each Arabic letter is written with (θ th, ð dh, š sh/ch, x kh, ġ gh).
_AR_SOUNDS = {"ب": "bpv", "ت": "tθ", "ث": "θts", "ج": "jg", "ح": "h", "خ": "xkh", "د": "d", "ذ": "ðdzθ", "ر": "r",
              "ز": "zs", "س": "s", "ش": "š", "ص": "s", "ض": "dð", "ط": "tθ", "ظ": "zðd", "غ": "ġgr", "ف": "fvp",
              "ق": "kg", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "پ": "p", "چ": "š", "ڤ": "v", "گ": "g"}
_EN_DIGRAPHS = (("sch", "š"), ("sh", "š"), ("ch", "š"), ("kh", "x"), ("gh", "ġ"), ("th", "θ"), ("dh", "ð"),
                ("ph", "f"), ("dj", "j"), ("ck", "k"), ("q", "k"), ("x", "ks"), ("c", "k"))
_MATCH = 0.8  # skeleton similarity from which an Arabic word transliterates an English one
_LOOSE_MATCH = 0.6  # ... and, between two names, a word of the same name


@lru_cache(maxsize=1 << 16)
def _ar_skeleton(word: str) -> tuple[str, ...]:
    return tuple(_AR_SOUNDS[c] for c in re.sub("ه$", "", word) if c in _AR_SOUNDS)


@lru_cache(maxsize=1 << 16)
def _en_skeleton(word: str) -> str:
    letters = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if "a" <= c <= "z")
    letters = re.sub(r"(.)\1", r"\1", re.sub(r"c(?=[eiy])", "s", letters))
    for digraph, sound in _EN_DIGRAPHS:
        letters = letters.replace(digraph, sound)
    return re.sub(r"[aeiouwy]|h$", "", letters)


def _skeleton_similarity(ar: Sequence[str], en: str) -> float:
    """Dice coefficient of the longest common subsequence of two consonant skeletons."""
    if len(ar) < 2 or len(en) < 2:
        return 0.0
    row = [0] * (len(en) + 1)
    for sounds in ar:
        prev, row = row, [0]
        for j, c in enumerate(en):
            row.append(prev[j] + 1 if c in sounds else max(prev[j + 1], row[j]))
    return 2 * row[-1] / (len(ar) + len(en))


@lru_cache(maxsize=1 << 18)
def _similarity(ar: str, en: str) -> float:
    """How well normalised Arabic word ``ar`` (attached proclitics and ال aside) transliterates ``en``."""
    if ar in _AR_STOP:
        return 0.0
    forms = [ar, *(bare for _, bare in _proclitic_forms(ar))]
    forms += [f[2:] for f in forms if f.startswith("ال") and len(f) > 3]
    return max(_skeleton_similarity(_ar_skeleton(f), _en_skeleton(en)) for f in forms)


# --- alignment -----------------------------------------------------------------------------------

def _align(sources: list[str], targets: list[str]) -> list[set[tuple[int, int]]]:
    """Symmetrised eflomal links (Arabic token, English token) of each line pair, in one eflomal run."""
    from eflomal import Aligner

    with tempfile.TemporaryDirectory() as tmp:
        fwd, rev = os.path.join(tmp, "fwd"), os.path.join(tmp, "rev")
        Aligner().align(sources, targets, links_filename_fwd=fwd, links_filename_rev=rev, quiet=True)
        with open(fwd, encoding="utf-8") as f, open(rev, encoding="utf-8") as r:
            return [_symmetrise(_links(a), _links(b)) for a, b in zip(f, r)]


def _links(line: str) -> set[tuple[int, int]]:
    return {(int(i), int(j)) for i, j in (link.split("-") for link in line.split())}


def _symmetrise(fwd: set[tuple[int, int]], rev: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """grow-diag-final: the intersection of the two directions; then, until none is added, links of
    their union next to one (diagonals too) that align a word not yet aligned; then the other links
    of the union that align a word not yet aligned."""
    links, union = fwd & rev, sorted(fwd | rev)
    for near in (True, False):
        grown = True
        while grown:
            grown = False
            src, trg = {i for i, _ in links}, {j for _, j in links}
            for i, j in union:
                if (i not in src or j not in trg) and (i, j) not in links and (not near or any(
                        (i + di, j + dj) in links for di in (-1, 0, 1) for dj in (-1, 0, 1))):
                    links.add((i, j))
                    src.add(i)
                    trg.add(j)
                    grown = True
    return links


# --- one sentence pair ---------------------------------------------------------------------------

@dataclass(eq=False)
class _Sentence:
    order: int
    pair: Pair
    ar: list[re.Match]
    en: list[re.Match]
    links: set[tuple[int, int]] = field(default_factory=set)
    claimed: set[int] = field(default_factory=set)  # Arabic tokens already given to a name or term
    used: set[int] = field(default_factory=set)  # English tokens already given to a term

    def __post_init__(self):
        self.words = [_word_key(m.group()) for m in self.ar]  # normalised Arabic; "" for punctuation
        # as eflomal reads them: و/ف and ال dropped (والحكومة is الحكومة); English without possessives
        self.stems = [re.sub(r"^[وف]?(?:[بكل]?ال|لل)?(?=\w{3})", "", w) if w else m.group()
                      for w, m in zip(self.words, self.ar)]
        self.english = [_POSSESSIVE.sub("", m.group()) or m.group() for m in self.en]

    def grams(self, longest: int, free: bool = True) -> dict[str, int]:
        """The n-grams of Arabic stems up to ``longest`` words that could be a name (see :meth:`compact`),
        with the token each starts at first; none of claimed tokens if ``free``."""
        grams: dict[str, int] = {}
        for a in range(len(self.words)):
            for b in range(a + 1, min(a + longest, len(self.words)) + 1):
                if not self.compact(b - 1, b, 1) or (free and b - 1 in self.claimed):
                    break
                grams.setdefault(" ".join(self.stems[a:b]), a)
        return grams

    def compact(self, start: int, end: int, longest: int) -> bool:
        """Whether Arabic tokens ``start:end`` could be a name: at most ``longest`` words, no punctuation,
        no function word."""
        return end - start <= longest and all(w and w not in _AR_STOP for w in self.words[start:end])

    def rendering(self, start: int, end: int) -> str:
        """English tokens ``start:end`` as written, spacing collapsed, a final possessive dropped."""
        return " ".join(_POSSESSIVE.sub("", self.pair.en[self.en[start].start():self.en[end - 1].end()]).split())


def _runs(s: _Sentence, lowercase: set[str]) -> list[range]:
    """The English name runs of a sentence, as token ranges, titles dropped."""
    words, runs, i = s.english, [], 0
    while i < len(words):
        first = i == 0 or words[i - 1] in ('"', "“", "‘", "«", ":", "(", ".", "!", "?")
        if not _capitalised(words[i]) or (first and (words[i].lower() in _FUNCTION or words[i].lower() in lowercase)):
            i += 1
            continue
        end = i + 1
        while end < len(words) and not _POSSESSIVE.search(s.en[end - 1].group()):
            k = end
            while k < len(words) and k - end < 2 and words[k] in _CONNECTORS:
                k += 1
            if k == len(words) or not _capitalised(words[k]):
                break
            end = k + 1
        titles = [t for t in range(i, end) if _TITLES.intersection(re.split(r"[-'’]", words[t].lower()))]
        start = titles[-1] + 1 if titles else i
        while start < end and words[start] in _CONNECTORS:
            start += 1
        if start < end:
            runs.append(range(start, end))
        i = end
    return runs


def _transliterated(s: _Sentence, run: range) -> tuple[int, int] | None:
    """The Arabic tokens ``start, end`` of a name ``run`` that transliterate its words, if at least half
    of them do and the others lie between them ("Othman Alhassane Gibo" for عثمان إلياسو جيبو)."""
    words = [w for w in (s.english[j] for j in run) if w.lower() not in _CONNECTORS and len(_en_skeleton(w)) > 1]
    anchors: list[int] = []
    for word in words:
        score, _, i = max((_similarity(a, word), -abs(i - anchors[-1]) if anchors else -i, i)
                          for i, a in enumerate(s.words))
        if score >= _MATCH:
            anchors.append(i)
    if not anchors or 2 * len(anchors) < len(words):
        return None
    start, end = min(anchors), max(anchors) + 1
    return (start, end) if len(words) <= end - start and s.compact(start, end, len(run) + 1) else None


def _merged(s: _Sentence, placed: list[tuple[range, tuple[int, int]]]) -> list[tuple[range, tuple[int, int]]]:
    """Names next to each other in both languages, with one or two words between them that
    transliterate each other loosely, made one: a half-capitalised name ("Othman alhassane Gibo")."""
    merged: list[tuple[range, tuple[int, int]]] = []
    for run, span in sorted(placed, key=lambda p: p[0].start):
        if merged:
            gap_en, gap_ar = range(merged[-1][0].stop, run.start), range(merged[-1][1][1], span[0])
            if 0 < len(gap_en) == len(gap_ar) <= 2 and all(
                    s.english[j].lower() not in _FUNCTION and _similarity(s.words[i], s.english[j]) >= _LOOSE_MATCH
                    for i, j in zip(gap_ar, gap_en)):
                merged[-1] = (range(merged[-1][0].start, run.stop), (merged[-1][1][0], span[1]))
                continue
        merged.append((run, span))
    return merged


def _aligned(s: _Sentence, run: range, known: set[str]) -> tuple[int, int] | None:
    """The Arabic tokens ``start, end`` of a name ``run`` that the aligner links it to: a ``known``
    name (n-gram of stems) of the sentence, not yet claimed, some of whose words are linked to the run
    and none to another English word."""
    linked = {i for i, j in s.links if j in run}
    candidates = []
    for gram, start in s.grams(len(run) + 1).items():
        end = start + len(gram.split())
        if gram in known and linked.intersection(range(start, end)) and not any(
                start <= i < end and j not in run and s.english[j].lower() not in _FUNCTION
                and re.match(r"\w", s.english[j]) for i, j in s.links):
            candidates.append((len(linked.intersection(range(start, end))), end - start, -start, (start, end)))
    return max(candidates)[-1] if candidates else None


def _aligned_english(s: _Sentence, tokens: range) -> range | None:
    """The English tokens linked to Arabic ``tokens``, if they are few and link to nothing else."""
    linked = sorted(j for i, j in s.links if i in tokens and re.match(r"\w", s.english[j])
                    and s.english[j].lower() not in _FUNCTION)
    if not linked or linked[-1] - linked[0] > len(tokens) + 1:
        return None
    if any(linked[0] <= j <= linked[-1] and i not in tokens and s.words[i] for i, j in s.links):
        return None
    return range(linked[0], linked[-1] + 1)


def _pinned_in(s: _Sentence, pinned: str) -> range | None:
    """The English tokens that write ``pinned`` (any case, spacing or hyphenation), if there are such."""
    words = [re.escape(w) for w in re.findall(r"\w+", pinned)]
    found = words and re.search(r"(?<!\w)" + r"[\s-]*".join(words) + r"(?!\w)", s.pair.en, re.IGNORECASE)
    tokens = [j for j, m in enumerate(s.en) if found and found.start() <= m.start() < found.end()]
    return range(tokens[0], tokens[-1] + 1) if tokens else None


# --- the ledger ----------------------------------------------------------------------------------

@dataclass
class _Found:
    """A name or term found in a sentence: its Arabic tokens ``start:end`` and its English there."""

    sentence: _Sentence
    start: int
    end: int
    english: str | None
    term: Term | None = None
    arabic: str = ""  # a term as written, proclitics dropped


def ledger(pairs: Iterable[Pair], *, terms: Iterable[tuple[str, str]] = (), min_count: int = 1) -> list[NameEntry]:
    """The names and terms of ``pairs`` with their English renderings (see the module's docstring).

    ``terms`` are glossary entries (Arabic, English): each one found in the Arabic is in the ledger,
    with ``pinned`` set to its English, whatever ``min_count`` (the fewest occurrences of any other
    entry). Inconsistent entries come first, then the most frequent, then by key.
    """
    sentences = [_Sentence(n, p, list(_AR_TOKEN.finditer(p.ar)), list(_EN_TOKEN.finditer(p.en)))
                 for n, p in enumerate(pairs)]
    sentences = [s for s in sentences if s.ar and s.en]
    if not sentences:
        return []
    fits = [max(len(s.ar), len(s.en)) <= _MAX_TOKENS for s in sentences]
    links = _align([" ".join(s.stems) if fit else "" for s, fit in zip(sentences, fits)],
                   [" ".join(s.english) if fit else "" for s, fit in zip(sentences, fits)])
    for s, sentence_links in zip(sentences, links):
        s.links = sentence_links
    glossary = Glossary.from_terms(terms)
    lowercase = {w for s in sentences for w in s.english[1:] if w[:1].islower()}

    found: list[_Found] = []
    pending: list[tuple[_Sentence, range]] = []  # name runs that transliteration does not place
    for s in sentences:
        hits = _terms_in(s, glossary)
        placed = []
        for run in _runs(s, lowercase):
            if s.used.intersection(run):
                continue
            span = _transliterated(s, run)
            hit = span and next((h for h in hits if h.start <= span[0] and span[1] <= h.end), None)
            if hit:
                hit.english = hit.english or s.rendering(run.start, run.stop)
            elif span and not s.claimed.intersection(range(*span)):
                s.claimed.update(range(*span))
                placed.append((run, span))
            else:
                pending.append((s, run))
        found += [_Found(s, *span, s.rendering(run.start, run.stop)) for run, span in _merged(s, placed)]
        for hit in hits:
            english = None if hit.english else _aligned_english(s, range(hit.start, hit.end))
            if english:
                hit.english = s.rendering(english.start, english.stop)
                s.used.update(english)
        found += hits
    recurring, pending = _recurrent([(s, run) for s, run in pending if not s.used.intersection(run)], sentences)
    found += recurring
    known = {" ".join(f.sentence.stems[f.start:f.end]) for f in found}
    for s, run in pending:
        span = _aligned(s, run, known)
        if span:
            s.claimed.update(range(*span))
            found.append(_Found(s, *span, s.rendering(run.start, run.stop)))
    return _entries(found, min_count)


def _terms_in(s: _Sentence, glossary: Glossary) -> list[_Found]:
    """The glossary's terms in the Arabic of ``s``, with their English where the sentence writes it as
    the glossary does; their Arabic tokens are claimed, and that English."""
    hits = []
    for match in glossary.find(s.pair.ar):
        tokens = [i for i, m in enumerate(s.ar) if m.start() < match.end and m.end() > match.start]
        arabic = s.pair.ar[match.start + len(match.proclitics):match.end]
        if not match_key(arabic).startswith(match.term.key[:2]):  # لل: ل + ال, the ا not written
            arabic = "ا" + arabic
        english = _pinned_in(s, match.term.english)
        hits.append(_Found(s, tokens[0], tokens[-1] + 1, english and s.rendering(english.start, english.stop),
                           match.term, arabic))
        s.claimed.update(tokens)
        s.used.update(english or ())
    return hits


def _recurrent(pending: list[tuple[_Sentence, range]], sentences: list[_Sentence]
               ) -> tuple[list[_Found], list[tuple[_Sentence, range]]]:
    """Names no transliteration placed, placed by recurrence: an English name written the same way in
    several sentences is the Arabic n-gram that most often comes with it (Dice coefficient over the
    sentences), as many words long as the name if several do equally well; a tie is left unplaced."""
    by_name: dict[str, list[tuple[_Sentence, range]]] = {}
    for s, run in pending:
        by_name.setdefault(_fold(s.rendering(run.start, run.stop)), []).append((s, run))
    together = {name: Counter(g for s, run in group for g in s.grams(len(run) + 1)) for name, group in by_name.items()
                if len({id(s) for s, _ in group}) > 1}
    wanted = {g for counts in together.values() for g, n in counts.items() if n > 1}
    if not wanted:
        return [], pending
    longest = max(len(g.split()) for g in wanted)
    frequency = Counter(g for s in sentences for g in s.grams(longest, free=False) if g in wanted)
    found, placed = [], set()
    for name, counts in together.items():
        group, size = by_name[name], len(by_name[name][0][1])
        ranked = sorted(((round(2 * n / (len(group) + frequency[g]), 6), -abs(len(g.split()) - size), g)
                         for g, n in counts.items() if n > 1), reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0][:2] == ranked[1][:2]):
            continue
        gram = ranked[0][2]
        for s, run in group:
            start = s.grams(len(run) + 1).get(gram)
            if start is not None:
                end = start + len(gram.split())
                s.claimed.update(range(start, end))
                found.append(_Found(s, start, end, s.rendering(run.start, run.stop)))
                placed.add((id(s), run))
    return found, [(s, run) for s, run in pending if (id(s), run) not in placed]


def _entries(found: list[_Found], min_count: int) -> list[NameEntry]:
    """Occurrences grouped by normalised Arabic, a name's first word without proclitics when the bare
    form is (part of) a name found elsewhere."""
    found = sorted(found, key=lambda f: (f.sentence.order, f.start))
    spans = [f.sentence.words[f.start:f.end] for f in found]
    known = {" ".join(w[a:b]) for w in spans for a in range(len(w)) for b in range(a + 1, len(w) + 1)}
    groups: dict[str, dict] = {}
    for f, words in zip(found, spans):
        arabic = f.arabic or _without_proclitics([m.group() for m in f.sentence.ar[f.start:f.end]], words, known)
        group = groups.setdefault(f.term.key if f.term else match_key(arabic), {"arabic": {}, "renderings": {}})
        group["arabic"][arabic] = group["arabic"].get(arabic, 0) + 1
        group["pinned"] = group.get("pinned") or (f.term and f.term.english)
        if f.english:
            group["renderings"].setdefault(f.english, []).append((f.sentence.pair.article_id, f.sentence.pair.index))
    entries = []
    for key, group in groups.items():
        renderings = sorted((Rendering(english, len(where), where) for english, where in group["renderings"].items()),
                            key=lambda r: (-r.count, r.english))
        entry = NameEntry(max(group["arabic"], key=group["arabic"].get), key, renderings, group["pinned"])
        if entry.pinned or entry.total >= min_count:
            entries.append(entry)
    return sorted(entries, key=lambda e: (not e.inconsistent, -e.total, e.key))


def _without_proclitics(surface: list[str], words: list[str], known: set[str]) -> str:
    """The Arabic ``surface`` (normalised: ``words``) with the proclitics of its first word dropped
    if the bare form is in ``known``."""
    for dropped, bare in _proclitic_forms(words[0]):
        if " ".join([bare, *words[1:]]) in known:
            first = re.sub(rf"^(?:[^{_MARKS}][{_MARKS}]*){{{dropped}}}", "", surface[0])
            surface = [("ا" if bare[0] == "ا" and first[:1] == "ل" else "") + first, *surface[1:]]
            break
    return " ".join(surface)
