"""How often the automatic categoriser agrees with people's labels, and how fast it is.

The labelled set lives in the tests. Its `test` part was written apart from everything
the categoriser is built from (keywords and shipped examples), so its agreement is the
figure to trust; the other parts are shown for comparison.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path

from relbot.analysis.categorise import Categoriser
from relbot.domain.categories import DEFAULT_CATEGORIES, OTHER, labelled_examples

DATA = Path(__file__).resolve().parent.parent / "tests" / "musthaves" / "data"
TARGET = 0.85


def _labelled(split: str) -> list[tuple[str, str]]:
    with (DATA / f"must_haves_{split}.csv").open(encoding="utf-8", newline="") as handle:
        return [(row["text"], row["category"]) for row in csv.DictReader(handle)]


def main() -> None:
    started = time.perf_counter()
    categoriser = Categoriser(DEFAULT_CATEGORIES, labelled_examples(), fallback=OTHER)
    built = time.perf_counter() - started
    keywords_only = Categoriser(DEFAULT_CATEGORIES, fallback=OTHER)
    print("Must Have categoriser (agreement with people's labels)")
    for split in ("dev", "heldout", "test"):
        items = _labelled(split)
        agree = sum(categoriser.guess(text) == key for text, key in items) / len(items)
        plain = sum(keywords_only.guess(text) == key for text, key in items) / len(items)
        note = f"  target ≥ {TARGET:.0%}, never used to build it" if split == "test" else ""
        print(
            f"  {split:<8} {len(items):>3} items: {agree:6.1%}  (keywords alone {plain:.1%}){note}"
        )
    misses = Counter(
        (key, categoriser.guess(text))
        for text, key in _labelled("test")
        if categoriser.guess(text) != key
    )
    if misses:
        worst = ", ".join(f"{a}→{b} x{n}" for (a, b), n in misses.most_common(4))
        print(f"  most frequent test misses: {worst}")
    texts = [text for split in ("dev", "heldout", "test") for text, _ in _labelled(split)]
    started = time.perf_counter()
    for text in texts:
        categoriser.guess(text)
    per_guess = (time.perf_counter() - started) / len(texts) * 1000
    print(
        f"  built from {len(labelled_examples())} examples in {built * 1000:.0f} ms; "
        f"{per_guess:.2f} ms a guess"
    )
