"""Search quality on the real corpus: known-item search the way readers type, against a plain FTS5 baseline.

    .venv/bin/python bench/search_eval.py [--engine sqlite|postgresql] [--split test|dev]
        [--sample 1000] [--distractors 10000] [--seed 1] [--json FILE]

The corpus (../shared/corpus/articles.jsonl.gz) is cut in two halves by a hash of each
article's id: ``dev``, the half the ranking's constants were chosen on, and ``test``, the
half it never saw (the default).  From the chosen half, ``--sample`` articles per set are
the targets; ``--distractors`` other corpus articles fill one index with them, built with
the real services (bench/search_corpus.py).  The sets:

* headline → body — the target's title is replaced by a neutral placeholder ("…") in the
  index, and the query is the real title folded to ASCII: the reader remembers a headline,
  the words have to be found in the lead and body;
* title     — the title folded to ASCII ("Đặng Văn Lâm trở lại" → "dang van lam tro lai");
* fragment  — 4 contiguous words of the title, folded;
* tone      — the title, accented, with every oa/oe/uy syllable in the other tone placement
              ("Khánh Hòa" typed "Khánh Hoà"; targets whose titles have one);
* NFD       — the title, accented, decomposed (NFD).

Each query goes through the search service (the ranking the page uses) and through a plain
SQLite FTS5 baseline over the same documents (title, lead, body; ``unicode61
remove_diacritics 2``, NFC and đ→d first, bm25 weights 10/3/1) three ways: every word
(AND), any word (OR), and AND falling back to OR when AND finds nothing.  Reported: top-1,
top-5, MRR@10 (reciprocal rank, 0 past the 10th result), queries with no result, p50/p95
of the time per query.  "strict" counts only the target; "same text" also accepts another
indexed article with the same folded title (the corpus holds one story from several sources).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sqlite3
import time
import unicodedata

from search_corpus import build_portal, load_average, load_corpus, percentile, setup

TOP = 10
PLACEHOLDER_TITLE = "…"
BASELINE_MODES = ("AND", "OR", "AND→OR")

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


def split_of(record: dict) -> str:
    """``dev`` or ``test``: a fixed half of the corpus, whatever the seed."""
    digest = hashlib.sha256(str(record["id"]).encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


# ----------------------------------------------------------------------------- the baseline


def _baseline_text(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").replace("đ", "d").replace("Đ", "D")


class Baseline:
    """Plain FTS5: the documents as written, unicode61 folding diacritics, bm25 10/3/1."""

    def __init__(self, documents: list[tuple[int, str, str, str]]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE doc USING fts5(title, lead, body, tokenize='unicode61 remove_diacritics 2')"
        )
        self.db.executemany(
            "INSERT INTO doc(rowid, title, lead, body) VALUES (?, ?, ?, ?)",
            [
                (pk, _baseline_text(title), _baseline_text(lead), _baseline_text(body))
                for pk, title, lead, body in documents
            ],
        )

    def _run(self, expression: str) -> list[int]:
        return [
            row[0]
            for row in self.db.execute(
                "SELECT rowid FROM doc WHERE doc MATCH ? ORDER BY bm25(doc, 10.0, 3.0, 1.0) LIMIT ?",
                [expression, TOP],
            )
        ]

    def search(self, query: str, mode: str) -> list[int]:
        words = [word for word in re.findall(r"\w+", _baseline_text(query)) if word]
        if not words:
            return []
        quoted = ['"' + word.replace('"', "") + '"' for word in words]
        if mode == "OR":
            return self._run(" OR ".join(quoted))
        found = self._run(" ".join(quoted))
        if found or mode == "AND":
            return found
        return self._run(" OR ".join(quoted))


# ----------------------------------------------------------------------------- measuring


def summary(ranks: list[int | None], empties: int, timings: list[float]) -> dict:
    n = len(ranks) or 1
    return {
        "n": len(ranks),
        "top1": sum(1 for r in ranks if r == 1) / n,
        "top5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "mrr": sum(1 / r for r in ranks if r is not None) / n,
        "empty": empties / n,
        "p50_ms": percentile(timings, 0.5) * 1000,
        "p95_ms": percentile(timings, 0.95) * 1000,
    }


def measure(cases: list[tuple[str, int, set[int]]], ranked, dump=None) -> dict:
    strict, same, empties, timings, found_ids = [], [], [], [], []
    for query, target, equivalents in cases:
        started = time.perf_counter()
        ids = ranked(query)
        timings.append(time.perf_counter() - started)
        ids = ids[:TOP]
        empties.append(not ids)
        found_ids.append(target in ids)
        strict.append(ids.index(target) + 1 if target in ids else None)
        if dump is not None:
            dump(query, target, strict[-1], ids[:3])
        positions = [position for position, pk in enumerate(ids, 1) if pk == target or pk in equivalents]
        same.append(positions[0] if positions else None)
    return {
        "strict": summary(strict, sum(empties), timings),
        "same": summary(same, sum(empties), timings),
        "_found": found_ids,
        "_empty": empties,
    }


def fragment_ceiling(cases: list[tuple[str, int, set[int]]], titles: dict[int, str]) -> dict:
    """What the fragment set allows any ranking that sees only the query and the index.

    A fragment is 4 contiguous words at a random place of the target's title, so a title of L
    words yields a given fragment with chance 1/(L - 3): among the titles holding the words
    in a row, the shortest is the likeliest target, and choosing it (ties at random) is the best
    a ranking can do on average. Returned: the share of queries with one such title only, the
    share whose target is the shortest, and that rule's expected top-1 on this sample."""
    words = {pk: " " + " ".join(title.split()) + " " for pk, title in titles.items()}
    unique = shortest = 0
    expected = 0.0
    for query, target, _equivalents in cases:
        phrase = " " + query + " "
        holding = {pk: text.count(" ") - 1 for pk, text in words.items() if phrase in text}
        if target not in holding:
            continue
        least = min(holding.values())
        unique += len(holding) == 1
        if holding[target] == least:
            shortest += 1
            expected += 1 / sum(1 for length in holding.values() if length == least)
    n = len(cases) or 1
    return {"unique": unique / n, "target_shortest": shortest / n, "expected_top1": expected / n}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--split", choices=["test", "dev"], default="test")
    parser.add_argument("--sample", type=int, default=1000, help="target articles per set (default 1000)")
    parser.add_argument("--distractors", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sets", default="headline,title,fragment,tone,nfd", help="comma-separated")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--dump", metavar="FILE", help="write every query's rank (JSON lines), to compare runs"
    )
    args = parser.parse_args()

    where = setup(args.engine)
    from toasoan import vntext
    from toasoan.search.services import searching
    from toasoan.search.services.text import parse_query

    records = load_corpus()
    rng = random.Random(args.seed)
    pool = [
        i
        for i, record in enumerate(records)
        if split_of(record) == args.split and (record.get("body") or "").strip()
    ]
    rng.shuffle(pool)
    wanted = args.sets.split(",")
    headline_targets = pool[: args.sample] if "headline" in wanted else []
    rest = pool[len(headline_targets) :]
    title_targets = rest[: args.sample]
    swappable = [
        i
        for i in rest
        if swap_tone_style(records[i]["title"]) != unicodedata.normalize("NFC", records[i]["title"])
    ]
    tone_targets = swappable[: args.sample] if "tone" in wanted else []
    chosen = set(headline_targets) | set(title_targets) | set(tone_targets)
    others = [i for i in range(len(records)) if i not in chosen]
    distractors = rng.sample(others, min(args.distractors, len(others)))
    indexed = sorted(chosen) + sorted(distractors)
    blank = set(headline_targets)
    subset = [dict(records[i], title=PLACEHOLDER_TITLE) if i in blank else records[i] for i in indexed]

    print(
        f"Database: {where}; split {args.split}; {len(indexed)} articles indexed "
        f"({len(chosen)} targets, {len(distractors)} distractors); load average {load_average()}"
    )
    built = build_portal(subset, len(subset))
    print(
        f"Portal: {built.seconds_pages:.0f} s; index: {built.indexed} in {built.seconds_index:.1f} s "
        f"({built.indexed / built.seconds_index:.0f} articles/s)"
    )
    page_of = {record: pk for pk, record in built.record_of.items()}  # subset index -> page id
    corpus_page = {indexed[position]: page_of[position] for position in range(len(indexed))}
    same_title: dict[str, set[int]] = {}
    for position, corpus_index in enumerate(indexed):
        if corpus_index not in blank:
            same_title.setdefault(vntext.fold(records[corpus_index]["title"]), set()).add(page_of[position])

    def cases_of(targets: list[int], query_of) -> list[tuple[str, int, set[int]]]:
        cases = []
        for corpus_index in targets:
            query = query_of(records[corpus_index])
            if not query:
                continue
            target = corpus_page[corpus_index]
            equivalents = same_title.get(vntext.fold(records[corpus_index]["title"]), set()) - {target}
            cases.append((query, target, equivalents))
        return cases

    def fragment(record: dict) -> str:
        tokens = vntext.fold(record["title"]).split()
        if len(tokens) < 5:
            return ""
        start = rng.randrange(len(tokens) - 4 + 1)
        return " ".join(tokens[start : start + 4])

    sets = {
        "headline": (
            "headline → body (title not indexed), folded",
            cases_of(headline_targets, lambda r: vntext.fold(r["title"])),
        ),
        "title": ("whole title, folded", cases_of(title_targets, lambda r: vntext.fold(r["title"]))),
        "fragment": ("4 contiguous title words, folded", cases_of(title_targets, fragment)),
        "tone": (
            "title, other tone placement",
            cases_of(tone_targets, lambda r: swap_tone_style(r["title"])),
        ),
        "nfd": (
            "title, accented, NFD",
            cases_of(title_targets, lambda r: unicodedata.normalize("NFD", r["title"])),
        ),
    }
    sets = {key: value for key, value in sets.items() if key in wanted}

    def ours(query: str) -> list[int]:
        return searching.search(parse_query(query)).page_ids(0, TOP)

    baseline = Baseline(
        [
            (page_of[position], record["title"], record.get("lead") or "", record.get("body") or "")
            for position, record in enumerate(subset)
        ]
    )

    results: dict[str, dict] = {}
    dumped = open(args.dump, "w", encoding="utf-8") if args.dump else None  # noqa: SIM115 (closed below)
    header = f"{'set':<46}{'ranker':<16}{'n':>6}{'top-1':>8}{'top-5':>8}{'MRR@10':>8}"
    header += f"{'empty':>7}{'p50':>7}{'p95':>7}"
    print(f"\n{header}   same text: top-1  MRR@10")
    for key, (label, cases) in sets.items():
        results[key] = {"label": label}
        rankers = [("Tòa Soạn", ours)] + [
            (f"FTS5 {mode}", lambda query, mode=mode: baseline.search(query, mode)) for mode in BASELINE_MODES
        ]
        for name, ranked in rankers:
            dump = None
            if dumped is not None and name == "Tòa Soạn":

                def dump(query, target, rank, first, key=key):
                    dumped.write(
                        json.dumps(
                            {"set": key, "query": query, "target": target, "rank": rank, "first": first},
                            ensure_ascii=False,
                        )
                        + "\n"
                    )

            figures = measure(cases, ranked, dump)
            results[key][name] = figures
            strict, same = figures["strict"], figures["same"]
            print(
                f"{label if name == 'Tòa Soạn' else '':<46}{name:<16}{strict['n']:>6}{strict['top1']:>8.1%}"
                f"{strict['top5']:>8.1%}{strict['mrr']:>8.3f}{strict['empty']:>7.1%}"
                f"{strict['p50_ms']:>7.1f}{strict['p95_ms']:>7.1f}   {same['top1']:>15.1%}{same['mrr']:>8.3f}"
            )
        ours_figures, or_figures = results[key]["Tòa Soạn"], results[key]["FTS5 OR"]
        lost = sum(
            1
            for empty, baseline_found in zip(ours_figures["_empty"], or_figures["_found"], strict=True)
            if empty and baseline_found
        )
        results[key]["empty_where_or_finds"] = lost
        print(f"{'':<46}queries with no result where FTS5 OR finds the article: {lost}")
        if key == "fragment":
            titles = {
                page_of[position]: vntext.fold(record["title"])
                for position, record in enumerate(subset)
                if indexed[position] not in blank
            }
            ceiling = results[key]["ceiling"] = fragment_ceiling(cases, titles)
            print(
                f"{'':<46}one title holds the words in a row: {ceiling['unique']:.1%}; the target is the "
                f"shortest that does: {ceiling['target_shortest']:.1%}; the best rule's expected top-1: "
                f"{ceiling['expected_top1']:.1%}"
            )
    print(f"\nload average {load_average()}")
    if dumped is not None:
        dumped.close()
    if args.json:
        for figures in results.values():
            for name in list(figures):
                if isinstance(figures[name], dict):
                    figures[name] = {k: v for k, v in figures[name].items() if not k.startswith("_")}
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                {"engine": args.engine, "split": args.split, "indexed": len(indexed), "sets": results},
                out,
                ensure_ascii=False,
                indent=1,
            )


if __name__ == "__main__":
    main()
