"""Best-fit category for a short text: keyword stems first, then what admins taught it.

Each category has keyword phrases; a text scores one point for each keyword stem it
contains and two for each phrase of two or three words, times the keyword's boost (`word^2`). Corrections made by admins are examples: a
word seen in corrected texts votes for their categories in proportion to how often it
appeared there, and an exact repeat of a corrected text takes its category outright. A
text that scores nothing falls to the fallback category.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
# Words too common in any Must Have to say anything about its category.
_STOP = frozenset(
    """a an and are as at be by for from have in is it of on or our so that the their them
    they this to us we with more better need needs should would will can all any each""".split()
)
PHRASE_WEIGHT = 2.0
EXAMPLE_WEIGHT = 1.5


@dataclass(frozen=True)
class CategorySpec:
    key: str
    label: str
    keywords: tuple[str, ...] = ()


_local = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return str(stemmer.stemWord(word))


def normalise(text: str) -> str:
    """Lower case with runs of space collapsed: how two texts are compared for sameness."""
    return " ".join(text.lower().split())


def stems(text: str) -> list[str]:
    """The text's content words, stemmed, in order."""
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    kept = [w for w in words if w not in _STOP]
    return [_stem(word) for word in kept]


def _grams(tokens: Sequence[str]) -> set[str]:
    pairs = {f"{a} {b}" for a, b in itertools.pairwise(tokens)}
    triples = {" ".join(tokens[i : i + 3]) for i in range(len(tokens) - 2)}
    return set(tokens) | pairs | triples


@dataclass
class Categoriser:
    """Guesses a category key for a text; `fallback` when nothing matches."""

    categories: Sequence[CategorySpec]
    examples: Iterable[tuple[str, str]] = ()
    fallback: str = "other"
    _keywords: dict[str, dict[str, float]] = field(init=False, repr=False)
    _learned: dict[str, Counter[str]] = field(init=False, repr=False)
    _exact: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        known = {spec.key for spec in self.categories}
        self._keywords = {}
        for spec in self.categories:
            weights: dict[str, float] = {}
            for keyword in spec.keywords:
                phrase, _, boost = keyword.partition("^")
                tokens = stems(phrase)
                if tokens:
                    base = PHRASE_WEIGHT if len(tokens) > 1 else 1.0
                    weights[" ".join(tokens)] = base * float(boost or 1)
            self._keywords[spec.key] = weights
        self._learned = defaultdict(Counter)
        self._exact = {}
        for text, key in self.examples:
            if key not in known:
                continue
            self._exact[normalise(text)] = key
            for token in set(stems(text)):
                self._learned[token][key] += 1

    def scores(self, text: str) -> dict[str, float]:
        """Each category's score for the text (zeros left out)."""
        tokens = stems(text)
        grams = _grams(tokens)
        result: dict[str, float] = defaultdict(float)
        for key, weights in self._keywords.items():
            for gram in grams & weights.keys():
                result[key] += weights[gram]
        for token in set(tokens):
            votes = self._learned.get(token)
            if not votes:
                continue
            total = sum(votes.values())
            for key, count in votes.items():
                result[key] += EXAMPLE_WEIGHT * count / (total + 1)
        return {key: score for key, score in result.items() if score > 0}

    def guess(self, text: str) -> str:
        """The best-fit key; ties go to the category listed first."""
        exact = self._exact.get(normalise(text))
        if exact is not None:
            return exact
        scores = self.scores(text)
        if not scores:
            return self.fallback
        order = {spec.key: i for i, spec in enumerate(self.categories)}
        return max(scores, key=lambda key: (scores[key], -order.get(key, len(order))))
