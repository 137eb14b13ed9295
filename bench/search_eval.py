"""Search quality on the real corpus: known-item search, the way readers without Vietnamese keyboards type.

    .venv/bin/python bench/search_eval.py [--engine sqlite|postgresql] [--sample 1000] [--seed 1]

Builds a throwaway portal from ../shared/corpus/articles.jsonl.gz (every article, live),
indexes it with the real service, then for a random sample of articles asks the search
service (the same ranking the page uses) for:

* title    — the article's title folded to ASCII ("Đặng Văn Lâm trở lại" → "dang van lam tro lai");
* lead     — a 4–6-syllable span of its lead, folded;
* tone     — titles with an oa/oe/uy syllable written in the other tone placement
             ("Khánh Hòa" typed "Khánh Hoà"), accented.

and reports top-1, top-10 and MRR (reciprocal rank, 0 past the first 10 results).  "strict"
counts only the article itself; "same text" also accepts another corpus article with the
same folded title (title, tone) or a lead containing the span (lead): the corpus holds
duplicates that no ranking can tell apart.
"""

from __future__ import annotations

import argparse
import random
import re
import time
import unicodedata

from search_corpus import build_portal, load_average, load_corpus, setup

TOP = 10

# Tone placement: old style puts the mark on the second vowel of an open oa/oe/uy syllable
# ("hoà", "thuỷ"), new style on the first ("hòa", "thủy"); both occur in the corpus.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_WORD = re.compile(r"[^\W\d_]+")


def _swap_word(word: str) -> str:
    chars = list(unicodedata.normalize("NFD", word))
    tones = [i for i, char in enumerate(chars) if char in _TONES]
    if len(tones) != 1:
        return word
    tone = chars.pop(tones[0])
    base = "".join(chars)
    lower = base.lower()
    if not lower.endswith(("oa", "oe", "uy")) or len(base) != len(unicodedata.normalize("NFC", base)):
        return word
    before = lower[:-2]
    if (before and before[-1] in _VOWELS) or (lower.endswith("uy") and before.endswith("q")):
        return word
    on_second = tones[0] == len(chars)  # the mark followed the last letter
    # Move the mark to the other vowel of the pair: after the first one, or after the last.
    chars.insert(len(chars) - 1 if on_second else len(chars), tone)
    return unicodedata.normalize("NFC", "".join(chars))


def swap_tone_style(text: str) -> str:
    """Rewrite every open oa/oe/uy syllable in the other tone placement (the query side only)."""
    return _WORD.sub(lambda match: _swap_word(match.group()), unicodedata.normalize("NFC", text))


def evaluate(name: str, cases: list[tuple[str, int, set[int]]], ranked) -> dict:
    strict_ranks, same_ranks = [], []
    for query, target, equivalents in cases:
        ids = ranked(query)
        strict_ranks.append(ids.index(target) + 1 if target in ids else None)
        same = [position for position, pk in enumerate(ids, 1) if pk == target or pk in equivalents]
        same_ranks.append(same[0] if same else None)

    def summary(ranks: list[int | None]) -> dict:
        n = len(ranks)
        return {
            "top1": sum(1 for r in ranks if r == 1) / n,
            "top10": sum(1 for r in ranks if r is not None) / n,
            "mrr": sum(1 / r for r in ranks if r is not None) / n,
        }

    return {"name": name, "n": len(cases), "strict": summary(strict_ranks), "same": summary(same_ranks)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--sample", type=int, default=1000, help="articles per query kind (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--candidates", type=int, help="override searching.CANDIDATES (ranked set size)")
    args = parser.parse_args()

    where = setup(args.engine)
    from toasoan import vntext
    from toasoan.search.services import searching
    from toasoan.search.services.text import parse_query

    if args.candidates:
        searching.CANDIDATES = args.candidates
    records = load_corpus()
    print(f"Database: {where}; candidates per set {searching.CANDIDATES}; load average {load_average()}")
    built = build_portal(records, len(records))
    print(
        f"Portal: {len(records)} articles in {built.seconds_pages:.0f} s; "
        f"index: {built.indexed} in {built.seconds_index:.1f} s "
        f"({built.indexed / built.seconds_index:.0f} articles/s)"
    )
    page_of = {record: pk for pk, record in built.record_of.items()}
    folded_titles: dict[str, set[int]] = {}
    for index, record in enumerate(records):
        folded_titles.setdefault(vntext.fold(record["title"]), set()).add(page_of[index])
    folded_leads = {
        page_of[index]: f" {vntext.fold(record.get('lead') or '')} " for index, record in enumerate(records)
    }

    rng = random.Random(args.seed)
    sample = rng.sample(range(len(records)), min(args.sample, len(records)))

    title_cases = []
    for index in sample:
        target = page_of[index]
        folded = vntext.fold(records[index]["title"])
        title_cases.append((folded, target, folded_titles[folded] - {target}))

    lead_cases = []
    for index in sample:
        tokens = vntext.fold(records[index].get("lead") or "").split()
        if len(tokens) < 6:
            continue
        size = rng.randint(4, 6)
        start = rng.randrange(len(tokens) - size + 1)
        span = " ".join(tokens[start : start + size])
        equivalents = {pk for pk, lead in folded_leads.items() if f" {span} " in lead} - {page_of[index]}
        lead_cases.append((span, page_of[index], equivalents))

    tone_cases = []
    for index, record in enumerate(records):
        swapped = swap_tone_style(record["title"])
        if swapped != record["title"]:
            target = page_of[index]
            tone_cases.append((swapped, target, folded_titles[vntext.fold(record["title"])] - {target}))
    rng.shuffle(tone_cases)
    tone_cases = tone_cases[: args.sample]

    timings: list[float] = []

    def ranked(query: str) -> list[int]:
        started = time.perf_counter()
        ids = searching.search(parse_query(query)).page_ids(0, TOP)
        timings.append(time.perf_counter() - started)
        return ids

    print(f"\n{'queries':<34}{'n':>6}  {'top-1':>7}{'top-10':>8}{'MRR':>7}   same text: top-1 top-10  MRR")
    for name, cases in (
        ("title, folded to ASCII", title_cases),
        ("4–6 syllables of the lead, folded", lead_cases),
        ("title, other tone placement", tone_cases),
    ):
        result = evaluate(name, cases, ranked)
        strict, same = result["strict"], result["same"]
        print(
            f"{name:<34}{result['n']:>6}  {strict['top1']:>7.1%}{strict['top10']:>8.1%}{strict['mrr']:>7.3f}"
            f"   {same['top1']:>15.1%}{same['top10']:>7.1%}{same['mrr']:>6.3f}"
        )
    timings.sort()
    print(
        f"\nService time per query (ranking only, no page): p50 {timings[len(timings) // 2] * 1000:.1f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)] * 1000:.1f} ms; load average {load_average()}"
    )


if __name__ == "__main__":
    main()
