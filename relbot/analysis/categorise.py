"""Best-fit category for a short text, from keywords, labelled examples and corrections."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
# Words too common in any Must Have to say anything about its category.
_STOP = frozenset(
    """a an and are as at be by for from have in is it of on or our so that the their them
    they this to us we with more better need needs should would will can all any each""".split()
)
CORRECTION_WEIGHT = 3.0


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


@dataclass
class Categoriser:
    """Guesses a category key for a text; `fallback` for a text with no words.

    A linear classifier (scikit-learn's LinearSVC) over TF-IDF of stems, stem pairs and
    character n-grams, trained on the labelled examples, on each category's keywords (each
    a short document of its own) and on admins' corrections (weighted above the examples,
    so a correction outweighs the examples it contradicts). An exact repeat of a corrected
    text takes its category outright.
    """

    categories: Sequence[CategorySpec]
    examples: Iterable[tuple[str, str]] = ()
    corrections: Iterable[tuple[str, str]] = ()
    fallback: str = "other"
    _model: Any = field(init=False, repr=False)
    _exact: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline, make_union
        from sklearn.svm import LinearSVC

        known = {spec.key for spec in self.categories}
        texts: list[str] = []
        labels: list[str] = []
        weights: list[float] = []

        def learn(text: str, key: str, weight: float) -> None:
            if key in known and (prepared := _prepared(text)):
                texts.append(prepared)
                labels.append(key)
                weights.append(weight)

        examples = list(self.examples)
        taught = {key for _, key in examples}
        for spec in self.categories:
            # A category nobody has labelled examples for yet leans on its own name.
            learn(spec.label, spec.key, 1.0 if spec.key in taught else CORRECTION_WEIGHT)
            for keyword in spec.keywords:
                phrase, _, boost = keyword.partition("^")
                learn(phrase, spec.key, float(boost or 1))
        for text, key in examples:
            learn(text, key, 1.0)
        self._exact = {}
        for text, key in self.corrections:
            learn(text, key, CORRECTION_WEIGHT)
            if key in known:
                self._exact[normalise(text)] = key
        self._model = None
        if len(set(labels)) > 1:
            features = make_union(
                TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
            )
            self._model = make_pipeline(features, LinearSVC(C=0.5, random_state=0))
            self._model.fit(texts, labels, linearsvc__sample_weight=weights)

    def guess(self, text: str) -> str:
        """The best-fit key."""
        exact = self._exact.get(normalise(text))
        if exact is not None:
            return exact
        prepared = _prepared(text)
        if not prepared or self._model is None:
            return self.fallback
        return str(self._model.predict([prepared])[0])


def _prepared(text: str) -> str:
    return " ".join(stems(text))
